package org.namelog.migration;

import picocli.CommandLine.Command;

@Command(name = "pause", description = "Asks a running backfill (in another terminal) to wait at its next batch boundary.")
final class PauseCommand extends DatabaseCommand {

    @Override
    String name() {
        return "pause";
    }

    @Override
    boolean changesSchemaOrData() {
        return false;
    }

    @Override
    int execute(RunContext run) {
        run.state.setPaused(true);
        run.state.history(name(), null, "done", null);
        run.out.println("pause: the backfill waits at its next batch boundary; namelog-migrate resume lets it go on");
        return ExitCode.OK;
    }
}
