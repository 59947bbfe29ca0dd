package org.namelog.migration;

import java.io.PrintStream;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.backfill.BackfillMapper;
import org.namelog.migration.output.Json;
import org.namelog.migration.output.OutputOption;
import org.namelog.migration.state.CheckpointRow;
import org.namelog.migration.state.MyBatis;
import org.namelog.migration.state.PhaseRow;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.state.StepRow;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Prints the phase, the schema state, backfill progress and when the last step ran.")
final class StatusCommand extends DatabaseCommand {

    @Option(names = "--no-count", description = "skip counting the rows missing name_id (a scan of the table)")
    boolean noCount;

    @Mixin
    OutputOption output;

    @Override
    boolean jsonOutput() {
        return output.json();
    }

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
        if (output.json()) {
            Json.print(root.out, document(run, schema, step, fleet, now));
            return ExitCode.OK;
        }
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

    /**
     * {@code {"format", "phase", "epoch", "textAuthoritative", "schema": {"stage", "description"}, "step":
     * {"reached", "changedAt", "changedBy", "legacyNameNotNull"}, "backfill": {"forward"|"reverse": null |
     * {"rowsUpdated", "batches", "lastId", "keysetDone", "finishedAt", "updatedAt"}}, "rowsMissingNameId"
     * (null with --no-count or before expand), "verification": null | {"at", "by", "epoch", "nameTableOid",
     * "trusted"}, "paused", "lastAction": null | {"action", "command", "at", "operator", "dbUser"}}}
     */
    private Map<String, Object> document(RunContext run, SchemaState schema, StepRow step, PhaseRow fleet, Stamp now) {
        Map<String, Object> doc = Json.document();
        doc.put("phase", fleet.phase());
        doc.put("epoch", fleet.epoch());
        doc.put("textAuthoritative", fleet.textAuthoritative());
        Map<String, Object> schemaDoc = Json.object();
        schemaDoc.put("stage", schema.stage().name());
        schemaDoc.put("description", schema.describe());
        doc.put("schema", schemaDoc);
        Map<String, Object> stepDoc = Json.object();
        stepDoc.put("reached", step.step());
        stepDoc.put("changedAt", Json.time(step.changedAt()));
        stepDoc.put("changedBy", step.changedBy());
        stepDoc.put("legacyNameNotNull", step.legacyNameNotNull());
        doc.put("step", stepDoc);
        Map<String, Object> backfill = Json.object();
        for (String direction : new String[] {"forward", "reverse"}) {
            backfill.put(direction, run.state.checkpoint(direction).map(c -> {
                Map<String, Object> o = Json.object();
                o.put("rowsUpdated", c.rowsUpdated());
                o.put("batches", c.batches());
                o.put("lastId", c.lastId());
                o.put("keysetDone", c.keysetDone());
                o.put("finishedAt", Json.time(c.finishedAt()));
                o.put("updatedAt", Json.time(c.updatedAt()));
                return o;
            }).orElse(null));
        }
        doc.put("backfill", backfill);
        doc.put("rowsMissingNameId", schema.nameId() != ColumnState.ABSENT && schema.legacyName() != ColumnState.ABSENT
                && !noCount ? countMissing(run) : null);
        doc.put("verification", step.verification().map(v -> {
            Map<String, Object> o = Json.object();
            o.put("at", Json.time(step.verifiedAt()));
            o.put("by", step.verifiedBy());
            o.put("epoch", v.epoch());
            o.put("nameTableOid", v.nameOid());
            o.put("trusted", v.equals(now));
            return o;
        }).orElse(null));
        doc.put("paused", run.state.paused());
        doc.put("lastAction", run.state.lastAction().map(h -> {
            Map<String, Object> o = Json.object();
            o.put("action", h.action());
            o.put("command", h.command());
            o.put("at", Json.time(h.at()));
            o.put("operator", h.operator());
            o.put("dbUser", h.dbUser());
            return o;
        }).orElse(null));
        return doc;
    }

    private static long countMissing(RunContext run) {
        try (SqlSession session = MyBatis.on(run.control)) {
            return session.getMapper(BackfillMapper.class).countMissingNameId();
        }
    }
}
