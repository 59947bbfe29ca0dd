package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.namelog.testing.TestDatabase;

/** validate, contract and rollback (with the reverse backfill), with the data checked after each. */
class ValidateContractRollbackIT {

    private static final String NAMES_AS_READ = "SELECT l.id, coalesce(l.name, n.value) FROM namelog l"
            + " LEFT JOIN name n ON n.id = l.name_id ORDER BY l.id";

    private static void load(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 'v' || (i % 37), i % 4,"
                + " '2001-02-03 04:05:06Z' FROM generate_series(1, 600) i");
    }

    @Test
    void validateThenContractRefusesUntilEveryPrerequisiteHoldsThenDropsTheColumnForGood() {
        try (TestDatabase db = TestDatabase.createLegacy("contract")) {
            load(db);
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun early = ToolRun.on(db, "validate");
            assertThat(early.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(early.err()).contains("the fleet is at LEGACY");
            ToolRun.setPhase(db, "DUAL_WRITE");
            ToolRun unfilled = ToolRun.on(db, "validate");
            assertThat(unfilled.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(unfilled.err()).contains("run namelog-migrate backfill");

            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            ToolRun validate = ToolRun.on(db, "validate");
            assertThat(validate.exitCode()).as(validate.toString()).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'namelog_name_id_fkey'"
                    + " AND convalidated")).isEqualTo(1);
            assertThat(ToolRun.on(db, "validate").out()).contains("already done, nothing changed");
            List<List<Object>> before = db.queryRows(NAMES_AS_READ);

            ToolRun.setPhase(db, "NEW_ONLY");
            assertThat(ToolRun.on(db, "contract", "--yes").err()).contains("contract needs CONTRACTED");
            ToolRun.setPhase(db, "CONTRACTED");
            ToolRun unconfirmed = ToolRun.on(db, "contract");
            assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(unconfirmed.err()).contains("NO WAY BACK").contains("--yes");
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'namelog'"
                    + " AND column_name = 'name'")).isEqualTo(1);

            ToolRun contract = ToolRun.on(db, "contract", "--yes");

            assertThat(contract.exitCode()).as(contract.toString()).isZero();
            assertThat(contract.out()).contains("There is no way back");
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'namelog'"
                    + " AND column_name = 'name'")).isZero();
            assertThat(db.queryRows("SELECT l.id, n.value FROM namelog l LEFT JOIN name n ON n.id = l.name_id ORDER BY l.id"))
                    .isEqualTo(before);
            assertThat(ToolRun.on(db, "contract", "--yes").out()).contains("already done");
            ToolRun rollback = ToolRun.on(db, "rollback");
            assertThat(rollback.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(rollback.err()).contains("no way back");
        }
    }

    @Test
    void rollbackFromNewOnlyRestoresTheTextByReverseBackfillThenUndoesExpand() {
        try (TestDatabase db = TestDatabase.createLegacy("rollback")) {
            load(db);
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE");
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            assertThat(ToolRun.on(db, "validate").exitCode()).isZero();
            ToolRun.setPhase(db, "NEW_ONLY");
            // What NEW_ONLY writers leave: new rows and renamed rows with name_id only (the DAO clears the text).
            db.execute("INSERT INTO name (value) VALUES ('only via name_id') ON CONFLICT DO NOTHING",
                    "INSERT INTO namelog (name, name_id, status, \"timestamp\") SELECT NULL, id, 9, '2001-02-03 04:05:06Z'"
                            + " FROM name WHERE value = 'only via name_id'",
                    "SET session_replication_role = replica",
                    "UPDATE namelog SET name = NULL, name_id = (SELECT id FROM name WHERE value = 'v5') WHERE id % 50 = 0");
            List<List<Object>> asRead = db.queryRows(NAMES_AS_READ);
            long textless = db.queryLong("SELECT count(*) FROM namelog WHERE name IS NULL");
            assertThat(textless).isGreaterThan(10);

            ToolRun tooEarly = ToolRun.on(db, "rollback");
            assertThat(tooEarly.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(tooEarly.err()).contains("move it back to READ_NEW first");

            ToolRun.setPhase(db, "READ_NEW");
            ToolRun undoValidate = ToolRun.on(db, "rollback", "--no-progress");

            assertThat(undoValidate.exitCode()).as(undoValidate.toString()).isZero();
            assertThat(undoValidate.out()).contains("reverse backfill done: " + textless + " rows updated");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NULL")).isZero();
            assertThat(db.queryRows("SELECT id, name FROM namelog ORDER BY id")).isEqualTo(asRead);
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'namelog_name_id_fkey'"
                    + " AND NOT convalidated")).isEqualTo(1);
            assertThat(db.queryRows("SELECT step FROM namelog_migration_step")).containsExactly(List.of("EXPANDED"));

            ToolRun stillDual = ToolRun.on(db, "rollback");
            assertThat(stillDual.err()).contains("move it back to LEGACY first");
            ToolRun.setPhase(db, "LEGACY");
            ToolRun undoExpand = ToolRun.on(db, "rollback");
            assertThat(undoExpand.exitCode()).as(undoExpand.toString()).isZero();
            assertThat(db.queryRows("SELECT id, name FROM namelog ORDER BY id")).isEqualTo(asRead);
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'name'")).isZero();
            assertThat(ToolRun.on(db, "rollback").out()).contains("nothing to undo");
        }
    }

    @Test
    void whereTheLegacyNameWasNotNullValidateMakesNameIdNotNullAndRollbackRestoresIt() {
        try (TestDatabase db = TestDatabase.createLegacy("not_null")) {
            load(db);
            db.execute("ALTER TABLE namelog ALTER COLUMN name SET NOT NULL");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE");
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();

            ToolRun validate = ToolRun.on(db, "validate");

            assertThat(validate.exitCode()).as(validate.toString()).isZero();
            assertThat(validate.out()).contains("name_id becomes NOT NULL");
            assertThat(db.queryRows("SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'namelog'::regclass"
                    + " AND attname IN ('name', 'name_id') ORDER BY attname"))
                    .containsExactly(List.of("name", false), List.of("name_id", true));
            assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'c'"
                    + " AND conrelid = 'namelog'::regclass")).isZero();

            ToolRun.setPhase(db, "READ_NEW");
            ToolRun rollback = ToolRun.on(db, "rollback");

            assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
            assertThat(db.queryRows("SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'namelog'::regclass"
                    + " AND attname IN ('name', 'name_id') ORDER BY attname"))
                    .containsExactly(List.of("name", true), List.of("name_id", false));
            assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'c'"
                    + " AND conrelid = 'namelog'::regclass")).isZero();
        }
    }
}
