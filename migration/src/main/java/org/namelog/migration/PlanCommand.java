package org.namelog.migration;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.namelog.migration.rollout.Move;
import org.namelog.migration.rollout.Precondition;
import org.namelog.migration.rollout.Transition;
import org.namelog.migration.rollout.TransitionTable;
import org.namelog.migration.step.Action;
import org.namelog.migration.step.Steps;
import org.namelog.migration.output.Json;
import org.namelog.migration.output.OutputOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Prints the transition table, with the schema statements of the commands that run some. */
@Command(name = "plan", description = "Prints the transition table: every move, what must hold first (each refused with"
        + " its own message), what it does (the statements and the lock each takes), and what it invalidates."
        + " Connects to nothing.")
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    NameLogMigrate root;

    @Option(names = "--no-sql", description = "leave out the statements' text")
    boolean noSql;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintStream out = root.out;
        if (output.json()) {
            Json.print(out, document());
            return ExitCode.OK;
        }
        out.println("The rollout's transition table. Two facts tie the fleet's phase to the schema:");
        out.println("  epoch: one more on every phase change; a verify or a backfill checkpoint is trusted only in the");
        out.println("    epoch and on the name table it was taken under.");
        out.println("  text authoritative: namelog.name holds every name; lost when the fleet enters NEW_ONLY, restored");
        out.println("    when a reverse backfill completes at READ_NEW with every live instance writing both columns.");
        out.println("An instance is live until its silence exceeds both --instance-ttl and its own lease.");
        out.println();
        for (Transition transition : TransitionTable.standard().transitions()) {
            print(out, transition);
        }
        return ExitCode.OK;
    }

    private void print(PrintStream out, Transition t) {
        out.println("== " + t.move().command());
        out.println("   before:" + (t.preconditions().isEmpty() ? " nothing beyond the command itself" : ""));
        for (Precondition p : t.preconditions()) {
            out.println("   - " + p.rule() + "   [" + p.id() + "]");
        }
        out.println("   does:");
        t.actions().forEach(a -> out.println("   - " + a));
        List<Action> statements = statements(t.move());
        if (!statements.isEmpty()) {
            printActions(out, statements);
        }
        if (!t.invalidates().isEmpty()) {
            out.println("   invalidates:");
            t.invalidates().forEach(i -> out.println("   - " + i));
        }
        out.println();
    }

    /**
     * {@code {"format", "transitions": [{"move", "command", "preconditions": [{"id", "rule"}], "actions": [...],
     * "statements": [{"id", "description", "lock", "outsideTransaction", "sql"}], "invalidates": [...]}]}}, in
     * runbook order; "sql" is left out with --no-sql.
     */
    private Map<String, Object> document() {
        Map<String, Object> doc = Json.document();
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (Transition t : TransitionTable.standard().transitions()) {
            Map<String, Object> o = Json.object();
            o.put("move", t.move().name());
            o.put("command", t.move().command());
            o.put("preconditions", t.preconditions().stream().map(p -> {
                Map<String, Object> pre = Json.object();
                pre.put("id", p.id());
                pre.put("rule", p.rule());
                return pre;
            }).toList());
            o.put("actions", t.actions());
            o.put("statements", statements(t.move()).stream().map(a -> {
                Map<String, Object> st = Json.object();
                st.put("id", a.id());
                st.put("description", a.description());
                st.put("lock", a.lock());
                st.put("outsideTransaction", a.outsideTransaction());
                if (!noSql) {
                    st.put("sql", a.sql().strip());
                }
                return st;
            }).toList());
            o.put("invalidates", t.invalidates());
            transitions.add(o);
        }
        doc.put("transitions", transitions);
        return doc;
    }

    /** The schema actions a move runs (where namelog.name was NOT NULL: all of them). */
    private static List<Action> statements(Move move) {
        Steps steps = new Steps(true);
        return switch (move) {
            case EXPAND -> steps.expand();
            case VALIDATE -> steps.validate();
            case CONTRACT -> steps.contract();
            case ROLLBACK_VALIDATE -> steps.rollbackValidate();
            case ROLLBACK_EXPAND -> steps.rollbackExpand();
            default -> List.of();
        };
    }

    private void printActions(PrintStream out, List<Action> actions) {
        out.println("   statements (each skipped when its effect is already in place; the NOT NULL ones only where"
                + " namelog.name was NOT NULL):");
        for (Action action : actions) {
            out.println("   - " + action.id() + ": " + action.description());
            out.println("     lock: " + action.lock() + (action.outsideTransaction() ? "; runs outside a transaction" : ""));
            if (action.repair() != null) {
                out.println("     first, if an INVALID index is left from a failed build: " + action.repair().description());
            }
            if (!noSql) {
                for (String line : action.sql().strip().split("\n")) {
                    if (!line.startsWith("--")) {
                        out.println("       " + line);
                    }
                }
            }
        }
    }
}
