package org.namelog.migration;

import java.io.PrintStream;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.backfill.BackfillMapper;
import org.namelog.migration.state.CheckpointRow;
import org.namelog.migration.state.MyBatis;
import org.namelog.migration.state.PhaseRow;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.state.StepRow;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Prints the phase, the schema state, backfill progress and when the last step ran.")
final class StatusCommand extends DatabaseCommand {

    @Option(names = "--no-count", description = "skip counting the rows missing name_id (a scan of the table)")
    boolean noCount;

    @Override
    String name() {
        return "status";
    }

    @Override
    boolean changesSchemaOrData() {
        return false;
    }

    @Override
    int execute(RunContext run) {
        PrintStream out = run.out;
        SchemaState schema = run.schema();
        StepRow step = run.state.step();
        PhaseRow fleet = run.state.phaseRow();
        Stamp now = run.state.stamp();
        out.println("phase (fleet):     " + fleet.phase() + " (epoch " + fleet.epoch() + ")");
        out.println("text:              " + (fleet.textAuthoritative() ? "authoritative"
                : "NOT authoritative (the fleet was on NEW_ONLY since it was last restored; rollback at READ_NEW"
                        + " restores it)"));
        out.println("schema:            " + schema.stage() + " (" + schema.describe() + ")");
        out.println("step reached:      " + step.step() + " (" + step.changedAt() + " by " + step.changedBy() + ")");
        out.println("legacy name was:   " + (step.legacyNameNotNull() == null ? "not recorded yet"
                : step.legacyNameNotNull() ? "NOT NULL" : "nullable"));
        for (String direction : new String[] {"forward", "reverse"}) {
            CheckpointRow c = run.state.checkpoint(direction).orElse(null);
            if (c == null) {
                out.println(direction + " backfill:  not started");
            } else {
                out.println(direction + " backfill:  " + c.rowsUpdated() + " rows updated in " + c.batches()
                        + " batches, up to id " + c.lastId() + (c.keysetDone() ? ", keyset pass done" : "")
                        + (c.finishedAt() == null ? ", not finished" : ", finished " + c.finishedAt())
                        + " (last batch " + c.updatedAt() + ")");
            }
        }
        if (schema.nameId() != ColumnState.ABSENT && schema.legacyName() != ColumnState.ABSENT && !noCount) {
            long missing = countMissing(run);
            out.println("rows missing name_id: " + missing + " (with a name but no name_id)");
        }
        out.println("verified:          " + step.verification()
                .map(v -> step.verifiedAt() + " by " + step.verifiedBy() + " in " + v
                        + (v.equals(now) ? " (trusted: current)" : " (NOT trusted: now " + now + ")"))
                .orElse("no"));
        out.println("backfill paused:   " + (run.state.paused() ? "yes (namelog-migrate resume)" : "no"));
        out.println("last step ran:     " + run.state.lastAction()
                .map(h -> h.action() + " (" + h.command() + ") at " + h.at() + " by " + h.operator() + " as " + h.dbUser())
                .orElse("never"));
        return ExitCode.OK;
    }

    private static long countMissing(RunContext run) {
        try (SqlSession session = MyBatis.on(run.control)) {
            return session.getMapper(BackfillMapper.class).countMissingNameId();
        }
    }
}
