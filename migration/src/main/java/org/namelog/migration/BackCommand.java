package org.namelog.migration;

import org.namelog.dao.flag.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "back", description = "Moves the fleet one phase back, and waits until every live instance follows.")
final class BackCommand extends DatabaseCommand {

    @Option(names = "--to", required = true, paramLabel = "PHASE",
            description = "the previous phase: ${COMPLETION-CANDIDATES}")
    Phase target;

    @Mixin
    FleetOptions options;

    @Override
    String name() {
        return "back";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        int code = FleetGate.move(run, FleetGate.open(run, options), target, options, false);
        if (code == ExitCode.OK && target == Phase.LEGACY) {
            // LEGACY writers rename without touching name_id: what was verified no longer holds
            run.state.clearVerified();
            run.out.println("verification cleared: after LEGACY writes, run backfill --from-start and verify again");
        }
        return code;
    }
}
