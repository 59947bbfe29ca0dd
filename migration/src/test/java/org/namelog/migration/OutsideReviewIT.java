package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/** What a review from outside (real operators' sequences on a real server) found, one test each. */
@PostgresTest
class OutsideReviewIT {

    private static final String NAME_COLUMN_EXISTS = "SELECT count(*) FROM information_schema.columns"
            + " WHERE table_name = 'namelog' AND column_name = 'name'";

    @Test
    void contractRefusesWhileATriggerFunctionReadsName() {
        try (TestDatabase db = TestDatabase.createLegacy("review_contract")) {
            contractRefusedThenDone(db);
        }
    }

    private static void contractRefusedThenDone(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status) SELECT 'n' || i, 1 FROM generate_series(1, 50) i",
                "CREATE TABLE audit (id bigint, old_name text)",
                // a plain AFTER UPDATE trigger: PostgreSQL records no dependency on the column it reads
                "CREATE FUNCTION audit_rename() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO audit VALUES (OLD.id, OLD.name); RETURN NEW; END $$",
                "CREATE TRIGGER my_audit_trg AFTER UPDATE ON namelog FOR EACH ROW EXECUTE FUNCTION audit_rename()");
        assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
        ToolRun.setPhase(db, "DUAL_WRITE");
        assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
        assertThat(ToolRun.on(db, "validate").exitCode()).isZero();
        ToolRun.setPhase(db, "CONTRACTED");

        ToolRun refused = ToolRun.on(db, "contract", "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
        assertThat(refused.err()).contains("my_audit_trg").contains("audit_rename").contains("fail every update");
        assertThat(db.queryLong(NAME_COLUMN_EXISTS)).isEqualTo(1);

        db.execute("CREATE OR REPLACE FUNCTION audit_rename() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO audit VALUES (OLD.id, NULL); RETURN NEW; END $$");
        ToolRun contract = ToolRun.on(db, "contract", "--yes");
        assertThat(contract.exitCode()).as(contract.toString()).isZero();
        db.execute("UPDATE namelog SET status = 2 WHERE id = 1");
        assertThat(db.queryLong(NAME_COLUMN_EXISTS)).isZero();
    }

    @Test
    void validateBeforeExpandIsRefusedNotASqlDump() {
        try (TestDatabase db = TestDatabase.createLegacy("review_validate")) {
            ToolRun validate = ToolRun.on(db, "validate");

            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(validate.err()).contains("run namelog-migrate expand first").doesNotContain("SELECT")
                    .doesNotContain("unexpected");
        }
    }

    @Test
    void aDurationPastTenYearsIsBadUsageNotAnOverflow(TestDatabase db) {
        ToolRun run = ToolRun.on(db, "advance", "--to", "DUAL_WRITE", "--timeout", "99999999999999h");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("longer than ten years").doesNotContain("ArithmeticException");
    }
}
