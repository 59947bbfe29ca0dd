package org.namelog.migration;

import org.namelog.dao.flag.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "advance", description = "Moves the fleet one phase forward once the transition table's preconditions"
        + " hold (namelog-migrate plan lists them), and waits until every live instance follows.")
final class AdvanceCommand extends DatabaseCommand {

    @Option(names = "--to", required = true, paramLabel = "PHASE",
            description = "the next phase: ${COMPLETION-CANDIDATES}")
    Phase target;

    @Mixin
    FleetOptions options;

    @Override
    String name() {
        return "advance";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        return FleetGate.move(run, target, options, true);
    }
}
