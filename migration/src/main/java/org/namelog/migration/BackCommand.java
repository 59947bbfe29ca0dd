package org.namelog.migration;

import org.namelog.dao.flag.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The phase change itself starts a new epoch, before the gate waits for the fleet: whatever was
 * verified or checkpointed before it is not trusted after it, whether this command then exits 0
 * or 9 (the fleet did not follow in time).
 */
@Command(name = "back", description = "Moves the fleet one phase back once the transition table's preconditions hold,"
        + " and waits until every live instance follows.")
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
        int code = FleetGate.move(run, target, options, false);
        if (target == Phase.LEGACY) {
            run.out.println("after LEGACY writes name_id is stale: once back on DUAL_WRITE, run backfill --from-start"
                    + " and verify again");
        }
        return code;
    }
}
