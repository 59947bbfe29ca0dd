package org.namelog.migration;

import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.verify.Mismatch;
import org.namelog.migration.verify.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", description = "Checks every row: no name without name_id, each Name value equals its name, no duplicates in name. Exit 5 on a mismatch.")
final class VerifyCommand extends DatabaseCommand {

    @Option(names = "--batch-size", defaultValue = "10000", paramLabel = "ROWS", description = "rows per read (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--show", defaultValue = "20", paramLabel = "N", description = "mismatches to print (default: ${DEFAULT-VALUE})")
    int show;

    @Override
    String name() {
        return "verify";
    }

    @Override
    boolean changesSchemaOrData() {
        return false;
    }

    @Override
    int execute(RunContext run) {
        SchemaState schema = run.schema();
        if (!schema.nameTable() || schema.nameId() == ColumnState.ABSENT || schema.legacyName() == ColumnState.ABSENT) {
            throw MigrationException.prerequisite("verify needs table name, namelog.name_id and namelog.name (schema is "
                    + schema.stage() + "): run expand and backfill first");
        }
        Verification.Report report = new Verification(run.control, batchSize, show, run.out).run();
        if (report.ok()) {
            run.state.markVerified();
            run.state.history(name(), null, "done", "no mismatch up to id " + report.lastId());
            run.out.println("verify: OK, every row up to id " + report.lastId() + " matches; name holds no duplicates");
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
        throw new MigrationException(ExitCode.VERIFICATION_FAILED, "verify found " + report.mismatches()
                + " mismatching rows and " + report.duplicates().size() + " duplicate names (first ones above):"
                + " run backfill again, then verify");
    }
}
