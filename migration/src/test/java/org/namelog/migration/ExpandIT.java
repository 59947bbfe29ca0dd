package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.namelog.migration.state.StateStore;
import org.namelog.testing.TestDatabase;

/** expand's start, re-run and rollback against a real PostgreSQL, with the data checked after each. */
class ExpandIT {

    private static final String ROWS = "SELECT id, name, status, \"timestamp\" FROM namelog ORDER BY id";

    @Test
    void expandThenRerunThenRollbackKeepsEveryRowAsItWas() {
        try (TestDatabase db = TestDatabase.createLegacy("expand")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 'n' || (i % 7), i, '2001-01-01Z'"
                    + " FROM generate_series(1, 50) i", "INSERT INTO namelog (name, status) VALUES (NULL, 1)");
            List<List<Object>> before = db.queryRows(ROWS);

            ToolRun first = ToolRun.on(db, "expand");
            assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.OK);
            assertThat(first.out()).contains("expand: done");
            assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'namelog_name_id_idx'::regclass"
                    + " AND indisvalid")).isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'namelog_name_id_fkey'"
                    + " AND NOT convalidated")).isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            assertThat(db.queryRows(ROWS)).isEqualTo(before);
            assertThat(db.queryRows("SELECT step FROM namelog_migration_step")).containsExactly(List.of("EXPANDED"));

            ToolRun again = ToolRun.on(db, "expand");
            assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(again.out()).contains("already done, nothing changed").doesNotContain("  > ");

            ToolRun status = ToolRun.on(db, "status");
            assertThat(status.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(status.out()).contains("phase (fleet):     LEGACY").contains("schema:            EXPANDED")
                    .contains("rows missing name_id: 50").contains("name-id-fkey.start");

            ToolRun rollback = ToolRun.on(db, "rollback");
            assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(ExitCode.OK);
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'namelog'"
                    + " AND column_name = 'name_id'")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'name'")).isZero();
            assertThat(db.queryRows(ROWS)).isEqualTo(before);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE outcome = 'done'"
                    + " AND action = 'name-table.rollback'")).isEqualTo(1);
        }
    }

    @Test
    void anInvalidIndexLeftByAFailedBuildIsDroppedAndBuiltAgain() {
        try (TestDatabase db = TestDatabase.createLegacy("invalid_index")) {
            db.execute("INSERT INTO namelog (name, status) VALUES ('a', 1), ('b', 1)");
            db.applyForward(2, 3);
            // A unique build over duplicates fails and leaves an INVALID index under the step's name.
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE UNIQUE INDEX CONCURRENTLY namelog_name_id_idx ON namelog (status)");
            } catch (java.sql.SQLException expected) {
                // the duplicate key failure is the point
            }
            assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'namelog_name_id_idx'::regclass"
                    + " AND NOT indisvalid")).isEqualTo(1);

            ToolRun run = ToolRun.on(db, "expand");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("repair: drop the INVALID index").contains("already done: create table name");
            assertThat(db.queryLong("SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    + " AND a.attnum = i.indkey[0] WHERE i.indexrelid = 'namelog_name_id_idx'::regclass AND i.indisvalid"
                    + " AND NOT i.indisunique AND a.attname = 'name_id'")).isEqualTo(1);
        }
    }

    @Test
    void aSecondRunIsRefusedAndToldWhoHoldsTheLock() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("lock_held"); Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'namelog-migrate backfill ops@host1'");
            s.execute("SELECT pg_advisory_lock(" + StateStore.LOCK_KEY + ")");

            ToolRun run = ToolRun.on(db, "expand");

            assertThat(run.exitCode()).isEqualTo(ExitCode.LOCK_HELD);
            assertThat(run.err()).contains("another namelog-migrate run holds the migration lock")
                    .contains("namelog-migrate backfill ops@host1");
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'name'")).isZero();
        }
    }

    @Test
    void planPrintsStatementsLocksAndFleetPrerequisites() {
        try (TestDatabase db = TestDatabase.createLegacy("plan")) {
            ToolRun run = ToolRun.on(db, "plan");
            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS namelog_name_id_idx")
                    .contains("runs outside a transaction").contains("fleet at CONTRACTED")
                    .contains("SHARE UPDATE EXCLUSIVE").contains("V8__contract_drop_namelog_name.sql");
        }
    }

    @Test
    void badUsageAndAnUnreachableDatabaseHaveTheirOwnExitCodes() {
        try (TestDatabase db = TestDatabase.createLegacy("usage")) {
            assertThat(ToolRun.on(db, "backfill", "--batch-size", "5", "--min-batch-size", "10").exitCode())
                    .isEqualTo(ExitCode.USAGE);
            assertThat(ToolRun.on(db, "backfill", "--pause-between-batches", "5 minutes").exitCode())
                    .isEqualTo(ExitCode.USAGE);
            assertThat(ToolRun.on(db, "frobnicate").exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(ToolRun.on(db, "backfill").exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
        }
        int code = NameLogMigrate.run(java.util.Map.of(), System.out, System.err, "status",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--user", "nobody");
        assertThat(code).isEqualTo(ExitCode.DATABASE_UNREACHABLE);
    }
}
