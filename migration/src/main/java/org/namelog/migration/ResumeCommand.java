package org.namelog.migration;

import picocli.CommandLine.Command;

@Command(name = "resume", description = "Lets a paused backfill go on at its next check (within a second).")
final class ResumeCommand extends DatabaseCommand {

    @Override
    String name() {
        return "resume";
    }

    @Override
    boolean changesSchemaOrData() {
        return false;
    }

    @Override
    int execute(RunContext run) {
        run.state.setPaused(false);
        run.state.history(name(), null, "done", null);
        run.out.println("resume: the backfill goes on");
        return ExitCode.OK;
    }
}
