package org.namelog.migration;

import org.namelog.migration.rollout.Move;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.verify.Mismatch;
import org.namelog.migration.verify.Verification;
import java.util.Map;
import org.namelog.migration.output.Json;
import org.namelog.migration.output.OutputOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Holds the migration lock (no phase change through the tool while it runs) and records the
 * epoch and name table it checked: the verification is trusted only while both are unchanged.
 */
@Command(name = "verify", description = "Checks every row both ways (name NULL exactly when name_id is NULL, else name"
        + " equals the value of name_id) and that name holds no duplicates; records the epoch it ran in. Exit 5 on a"
        + " mismatch.")
final class VerifyCommand extends DatabaseCommand {

    @Option(names = "--batch-size", defaultValue = "10000", paramLabel = "ROWS", description = "rows per read (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--show", defaultValue = "20", paramLabel = "N", description = "mismatches to print (default: ${DEFAULT-VALUE})")
    int show;

    @Mixin
    OutputOption output;

    @Override
    boolean jsonOutput() {
        return output.json();
    }

    @Override
    String name() {
        return "verify";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        if (batchSize < 1) {
            throw new MigrationException(ExitCode.USAGE, "--batch-size must be >= 1 but was " + batchSize);
        }
        if (show < 1) {
            throw new MigrationException(ExitCode.USAGE, "--show must be >= 1 but was " + show);
        }
        run.require(Move.VERIFY);
        Stamp taken = run.state.stamp();
        Verification.Report report = new Verification(run.control, batchSize, show, run.out).run();
        if (report.ok()) {
            if (!run.state.markVerified(taken)) {
                throw MigrationException.prerequisite("the fleet changed phase (or table name was recreated) while"
                        + " verify ran, so its result belongs to the past: run namelog-migrate verify again");
            }
            run.state.history(name(), null, "done", "no mismatch up to id " + report.lastId() + " (" + taken + ")");
            run.out.println("verify: OK, every row up to id " + report.lastId() + " matches; name holds no duplicates"
                    + " (trusted while the fleet stays in " + taken + ")");
            printJson(report, taken);
            return ExitCode.OK;
        }
        run.state.clearVerified();
        run.state.history(name(), null, "failed", report.mismatches() + " mismatches, " + report.duplicates().size()
                + " duplicates");
        for (Mismatch m : report.first()) {
            run.out.println("  namelog id " + m.id() + ": " + m.problem());
        }
        for (Mismatch m : report.duplicates()) {
            run.out.println("  name id " + m.id() + ": " + m.problem());
        }
        printJson(report, taken);
        throw new MigrationException(ExitCode.VERIFICATION_FAILED, "verify found " + report.mismatches()
                + " mismatching rows and " + report.duplicates().size() + " duplicate names (first ones above):"
                + " run backfill --from-start (a plain backfill resumes past rows it already did), then verify");
    }

    /** {@code {"format", "ok", "lastId", "mismatches", "first": [{"id", "problem"}], "duplicates": [...], "epoch", "nameTableOid"}} */
    private void printJson(Verification.Report report, Stamp taken) {
        if (!output.json()) {
            return;
        }
        Map<String, Object> doc = Json.document();
        doc.put("ok", report.ok());
        doc.put("lastId", report.lastId());
        doc.put("mismatches", report.mismatches());
        doc.put("first", report.first().stream().map(VerifyCommand::mismatch).toList());
        doc.put("duplicates", report.duplicates().stream().map(VerifyCommand::mismatch).toList());
        doc.put("epoch", taken.epoch());
        doc.put("nameTableOid", taken.nameOid());
        Json.print(root.out, doc);
    }

    private static Map<String, Object> mismatch(Mismatch m) {
        Map<String, Object> o = Json.object();
        o.put("id", m.id());
        o.put("problem", m.problem());
        return o;
    }
}
