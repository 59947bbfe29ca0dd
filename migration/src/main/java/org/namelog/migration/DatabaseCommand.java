package org.namelog.migration;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A command that connects: opens the run, records it in the history, maps failures to exit codes. */
abstract class DatabaseCommand implements Callable<Integer> {

    @ParentCommand
    NameLogMigrate root;

    /** The command's name in the history and in application_name. */
    abstract String name();

    /** Whether it changes anything (and so must hold the advisory lock). */
    abstract boolean changesSchemaOrData();

    abstract int execute(RunContext run);

    /** Whether standard output carries one JSON document only (then the run's chatter goes to standard error). */
    boolean jsonOutput() {
        return false;
    }

    @Override
    public final Integer call() {
        try (RunContext run = RunContext.open(root, name(), changesSchemaOrData(), jsonOutput() ? root.err : root.out)) {
            if (changesSchemaOrData()) {
                run.state.history(name(), null, "started", null);
            }
            reportPhase(run);
            try {
                int code = execute(run);
                reportPhase(run);
                if (changesSchemaOrData()) {
                    run.state.history(name(), null, code == ExitCode.OK ? "done" : "exit " + code, null);
                }
                return code;
            } catch (MigrationException e) {
                // A stopped backfill has recorded itself (before a Ctrl-C lets the JVM exit).
                if (changesSchemaOrData() && ExitCode.of(e) != ExitCode.STOPPED_RESUMABLE) {
                    recordFailure(run, e);
                }
                throw e;
            }
        }
    }

    /** The fleet phase for the tool's metrics; never fails the command (metrics are a by-product). */
    private void reportPhase(RunContext run) {
        if (!root.metrics.exported()) {
            return;
        }
        try {
            root.metrics.fleetPhase(run.phase());
        } catch (RuntimeException e) {
            // a phase this tool does not know is reported by the command itself where it matters
        }
    }

    private void recordFailure(RunContext run, MigrationException e) {
        try {
            // A failure may quote a driver's message: the history gets it only through the one redaction.
            run.state.history(name(), null, "failed", Redaction.redact(e.getMessage()));
        } catch (RuntimeException ignored) {
            // the database may be gone: the failure itself is what the operator must see
        }
    }
}
