package org.namelog.migration.step;

import java.io.PrintStream;
import java.util.List;
import org.namelog.migration.MigrationException;
import org.namelog.migration.ddl.DdlExecutor;
import org.namelog.migration.state.StateStore;

/**
 * Runs actions in order. Before each it reads the catalogs: an action whose effect is in place is
 * skipped (and said so), so a re-run, or a run after a crash halfway, does only what is left.
 */
public final class StepRunner {

    private final DdlExecutor ddl;
    private final Catalog catalog;
    private final StateStore state;
    private final String command;
    private final PrintStream out;

    public StepRunner(DdlExecutor ddl, Catalog catalog, StateStore state, String command, PrintStream out) {
        this.ddl = ddl;
        this.catalog = catalog;
        this.state = state;
        this.command = command;
        this.out = out;
    }

    /** Runs every action not yet done; returns how many ran (0: everything was already done). */
    public int run(List<Action> actions) {
        int ran = 0;
        for (Action action : actions) {
            if (action.done().test(catalog.schemaState())) {
                out.println("  = already done: " + action.description());
                state.history(command, action.id(), "skipped", "already done");
                continue;
            }
            out.println("  > " + action.description() + "   [lock: " + action.lock() + "]");
            state.history(command, action.id(), "started", action.source());
            try {
                ddl.withRetry(action.id(), executor -> {
                    Action repair = action.repair();
                    if (repair != null && !repair.done().test(catalog.schemaState())) {
                        out.println("    repair: " + repair.description());
                        executor.executeOnce(repair.sql(), repair.outsideTransaction());
                    }
                    executor.executeOnce(action.sql(), action.outsideTransaction());
                });
            } catch (MigrationException e) {
                state.history(command, action.id(), "failed", e.getMessage());
                throw e;
            }
            if (!action.done().test(catalog.schemaState())) {
                state.history(command, action.id(), "failed", "no effect");
                throw new StepFailedException(action.id() + " ran but the catalogs do not show its effect ("
                        + catalog.schemaState().describe() + "): check the schema by hand");
            }
            state.history(command, action.id(), "done", action.source());
            ran++;
        }
        return ran;
    }
}
