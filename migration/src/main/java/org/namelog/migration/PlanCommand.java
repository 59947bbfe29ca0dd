package org.namelog.migration;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.namelog.migration.step.Action;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "plan", description = "Prints every step: the statements it runs, the lock each takes, and what the fleet must be at first. Connects to nothing.")
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    NameLogMigrate root;

    @Option(names = "--no-sql", description = "leave out the statements' text")
    boolean noSql;

    @Override
    public Integer call() {
        PrintStream out = root.out;
        Steps steps = new Steps(true);
        section(out, "expand", "fleet at LEGACY (or already DUAL_WRITE: a re-run changes nothing)",
                "then the fleet may go to DUAL_WRITE", steps.expand());
        out.println("== backfill");
        out.println("   fleet: LEGACY or DUAL_WRITE (after DUAL_WRITE every writer fills name_id, so the final sweep ends)");
        out.println("   per batch, one transaction: SET LOCAL lock_timeout, statement_timeout, session_replication_role = replica");
        out.println("   (or namelog.preserve_timestamp = 'on'); keyset upper bound; INSERT INTO name ... ON CONFLICT DO NOTHING;");
        out.println("   UPDATE namelog SET name_id ... WHERE id in (last, upper] AND name_id IS DISTINCT FROM the right id;");
        out.println("   UPDATE namelog_backfill_checkpoint. Locks: ROW EXCLUSIVE on namelog and name; row locks on one batch only.");
        out.println("   Then a final sweep over rows with name IS NOT NULL AND name_id IS NULL until none remain.");
        out.println("   VACUUM namelog each time --vacuum-every percent of the rows were rewritten (SHARE UPDATE EXCLUSIVE: reads and writes go on).");
        out.println();
        out.println("== verify");
        out.println("   read-only keyset scan: name without name_id, name_id not in name, value differs; duplicates in name");
        out.println();
        section(out, "validate", "fleet at DUAL_WRITE or later; backfill done (no row with a name lacks name_id)",
                "then the fleet may go to READ_NEW, then NEW_ONLY. The name_id NOT NULL actions run only where"
                        + " namelog.name was NOT NULL", steps.validate());
        section(out, "contract --yes", "fleet at CONTRACTED (advance --to CONTRACTED first, so no instance mentions namelog.name); foreign key validated; verify passed; no row lacks name_id",
                "NO WAY BACK after this", steps.contract());
        out.println("== rollback (undoes the last step)");
        out.println("   from VALIDATED: fleet at READ_NEW or earlier; reverse backfill of name from name_id, then:");
        printActions(out, steps.rollbackValidate());
        out.println("   from EXPANDED: fleet at LEGACY; then:");
        printActions(out, steps.rollbackExpand());
        out.println("   from CONTRACTED: refused, there is no way back.");
        return ExitCode.OK;
    }

    private void section(PrintStream out, String command, String before, String after, List<Action> actions) {
        out.println("== " + command);
        out.println("   before: " + before);
        printActions(out, actions);
        out.println("   after: " + after);
        out.println();
    }

    private void printActions(PrintStream out, List<Action> actions) {
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
