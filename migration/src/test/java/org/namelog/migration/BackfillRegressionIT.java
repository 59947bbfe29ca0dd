package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.namelog.migration.backfill.Backfill;
import org.namelog.migration.backfill.BackfillSettings;
import org.namelog.migration.backfill.StopSignal;
import org.namelog.migration.backfill.TriggerMode;
import org.namelog.testing.TestDatabase;

/** One test per backfill problem of the issue "Every operator sequence safe", each failing on the old engine. */
class BackfillRegressionIT {

    private static final String FILL = "INSERT INTO namelog (name, status, \"timestamp\") SELECT CASE WHEN i % 11 = 0"
            + " THEN NULL ELSE 'r' || (i % 37) END, 1, '2001-02-03 04:05:06Z' FROM generate_series(1, ROWS) i";

    private static String fill(int rows) {
        return FILL.replace("ROWS", Integer.toString(rows));
    }

    /** Problem 3: a rename to NULL (behind the pass, e.g. while back on LEGACY) must not keep its old name_id. */
    @Test
    void renameToNullKeepsNoOldNameIdAfterBackfillFromStart() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_null_rename")) {
            db.execute(fill(500));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            long renamed = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r5'");
            long other = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r6'");
            // legacy writers: the text changes, name_id stays
            db.execute("UPDATE namelog SET name = NULL WHERE id = " + renamed,
                    "UPDATE namelog SET name = 'r7' WHERE id = " + other);

            ToolRun run = ToolRun.on(db, "backfill", "--from-start", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(db.queryRows("SELECT name, name_id FROM namelog WHERE id = " + renamed).get(0))
                    .containsExactly(null, null);
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NULL AND name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS + " AND id NOT IN (" + renamed + ", " + other + ")"))
                    .as("only the test's own renames moved \"timestamp\"").isZero();
        }
    }

    /** Reverse backfill (rollback): name follows name_id wherever they differ, not only where name is NULL. */
    @Test
    void reverseBackfillMakesNameAgreeWithNameIdOnEveryRow() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_reverse")) {
            db.execute(fill(400));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            long stale = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r1'");
            long cleared = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r2'");
            long textless = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r3'");
            db.execute("UPDATE namelog SET name = 'old text' WHERE id = " + stale,
                    "UPDATE namelog SET name_id = NULL WHERE id = " + cleared,
                    "UPDATE namelog SET name = NULL WHERE id = " + textless);

            Backfill.Result result = engine(db, BackfillSettings.defaults()).run(Backfill.Direction.REVERSE);

            assertThat(result.rowsUpdated()).isEqualTo(3);
            assertThat(db.queryLong("SELECT count(*) FROM namelog l LEFT JOIN name n ON n.id = l.name_id"
                    + " WHERE l.name IS DISTINCT FROM n.value")).isZero();
            assertThat(db.queryRows("SELECT name FROM namelog WHERE id = " + cleared).get(0)).containsOnlyNulls();
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS + " AND id NOT IN (" + stale + ", " + cleared + ", "
                    + textless + ")")).as("only the test's own updates moved \"timestamp\"").isZero();
        }
    }

    /** Problem 5: a checkpoint taken in another epoch (a period back on LEGACY since) is not resumed. */
    @Test
    void checkpointFromAnotherEpochIsNotResumed() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_epoch")) {
            db.execute(fill(600));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            // back on LEGACY for a while: a rename there leaves name_id stale; then the fleet moves on
            long renamed = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r4'");
            db.execute("UPDATE namelog SET name = 'r9' WHERE id = " + renamed,
                    "ALTER TABLE namelog_migration_phase ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0",
                    "UPDATE namelog_migration_phase SET epoch = epoch + 1");

            ToolRun run = ToolRun.on(db, "backfill", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("checkpoint was taken in fleet epoch 0 and the fleet is now in epoch 1")
                    .contains("starting over from the first id").doesNotContain("already done");
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint WHERE epoch <> 1")).isZero();
        }
    }

    /** Problem 5: nor is a checkpoint of a name table that was dropped and created again. */
    @Test
    void checkpointOfARecreatedNameTableIsNotResumed() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_name_table")) {
            db.execute(fill(300));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            db.applyUndo(5, 4, 3, 2);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("belongs to a name table that no longer exists");
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL")).isZero();
        }
    }

    /** Problem 9: a batch that hit its statement timeout is retried at half the size, and then passes. */
    @Test
    void timedOutBatchIsRetriedAtHalfTheSize() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_halve")) {
            db.execute(fill(240),
                    "CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.02);"
                            + " RETURN NEW; END $$",
                    "CREATE TRIGGER a_slow_row BEFORE UPDATE ON namelog FOR EACH ROW EXECUTE FUNCTION slow_row()");
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            // 80 rows take >= 1.6 s, past the 1 s timeout; 40 take 0.8 s, 20 take 0.4 s
            ToolRun run = ToolRun.on(db, "backfill", "--batch-size", "80", "--min-batch-size", "10", "--max-batch-size",
                    "80", "--statement-timeout", "1s", "--target-batch-duration", "300ms", "--max-batch-retries", "3",
                    "--trigger-mode", "guc", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("batch of 80 ids").contains("retry 1 of 3 with 40 ids");
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
        }
    }

    /**
     * Problem 11: lag in WAL bytes, replication slots included. A slot nobody consumes (a standby that
     * went away) holds the backfill; once it is dropped the backfill goes on.
     */
    @Test
    void abandonedReplicationSlotHoldsTheBackfillUntilDropped() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_lag")) {
            db.execute(fill(300));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // creates the state tables the test watches
            String slot = "gone_standby_" + ProcessHandle.current().pid();
            db.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
            try {
                db.execute("CREATE TABLE wal_filler AS SELECT i, repeat('w', 200) AS pad FROM generate_series(1, 20000) i");

                CompletableFuture<ToolRun> backfill = CompletableFuture.supplyAsync(() -> ToolRun.on(db, "backfill",
                        "--max-replica-lag", "1MB", "--no-progress"));
                await().atMost(Duration.ofSeconds(20)).until(() -> db.queryLong("SELECT count(*) FROM"
                        + " namelog_migration_history WHERE command = 'backfill' AND outcome = 'started'") == 1);
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> !backfill.isDone()
                        && db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL") == 0);

                db.execute("SELECT pg_drop_replication_slot('" + slot + "')");
                ToolRun run = backfill.get();

                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
                assertThat(run.out()).contains("replication slot " + slot + " (inactive) is")
                        .contains("of WAL behind (more than 1.0MB)").contains("going on with the forward backfill");
                assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            } finally {
                db.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
            }
        }
    }

    /** Problem 11: a role that cannot see a standby's replay position is refused with the grant it needs, not read as 0. */
    @Test
    void lagThatCannotBeSeenIsRefusedNamingTheGrant() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_lag_blind")) {
            db.execute(fill(50));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE");
            String role = "lag_blind_" + ProcessHandle.current().pid();
            db.execute("CREATE ROLE " + role + " LOGIN", "GRANT ALL ON SCHEMA public TO " + role,
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
            java.util.Properties props = new java.util.Properties();
            org.postgresql.PGProperty.USER.set(props, db.user());
            if (db.password() != null) {
                org.postgresql.PGProperty.PASSWORD.set(props, db.password());
            }
            org.postgresql.PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
            org.postgresql.PGProperty.REPLICATION.set(props, "true");
            org.postgresql.PGProperty.PREFER_QUERY_MODE.set(props, "simple");
            // the flush position: a stream may not start ahead of it (PostgreSQL 12 refuses the insert position)
            String lsn = db.queryRows("SELECT pg_current_wal_flush_lsn()::text").get(0).get(0).toString();
            try (java.sql.Connection standby = java.sql.DriverManager.getConnection(db.jdbcUrl(), props);
                    var stream = standby.unwrap(org.postgresql.PGConnection.class).getReplicationAPI()
                            .replicationStream().physical()
                            .withStartPosition(org.postgresql.replication.LogSequenceNumber.valueOf(lsn)).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> db.queryLong(
                        "SELECT count(*) FROM pg_stat_replication") > 0);
                Database blind = new Database(new ConnectionSettings(db.jdbcUrl(), role, db.password(), "test"), "test");
                Backfill backfill = new Backfill(blind, null, BackfillSettings.defaults(), System.out, new StopSignal(),
                        Clock.systemUTC());

                assertThatThrownBy(() -> backfill.run(Backfill.Direction.FORWARD))
                        .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.exitCode())
                                .isEqualTo(ExitCode.PREREQUISITES_NOT_MET))
                        .hasMessageContaining("role " + role + " may not read replay_lsn")
                        .hasMessageContaining("GRANT pg_monitor TO " + role);
                assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            } finally {
                db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
            }
        }
    }

    /** Problem 8: after batches with foreign-key checks off, a name_id that names nothing fails the run loudly. */
    @Test
    void replicaModeFindsAnOrphanNameIdAfterTheRun() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("regress_orphan")) {
            db.execute(fill(200));
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE");
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            ToolRun validate = ToolRun.on(db, "validate");
            assertThat(validate.exitCode()).as(validate.toString()).isZero();
            long orphan = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'r8'");
            try (var c = db.connect(); var s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.execute("UPDATE namelog SET name_id = -42 WHERE id = " + orphan);
            }
            BackfillSettings replica = new BackfillSettings(1000, 100, 200_000, Duration.ofMillis(500), Duration.ofMillis(100),
                    Duration.ofSeconds(2), Duration.ofSeconds(30), 0, Duration.ZERO, 0, null, false, 0,
                    TriggerMode.REPLICA, 3, 3, 2, false);

            assertThatThrownBy(() -> engine(db, replica).run(Backfill.Direction.REVERSE))
                    .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.exitCode())
                            .isEqualTo(ExitCode.VERIFICATION_FAILED))
                    .hasMessageContaining("namelog rows [" + orphan + "] have a name_id that names no Name row");
        }
    }

    private static Backfill engine(TestDatabase db, BackfillSettings settings) {
        Database database = new Database(new ConnectionSettings(db.jdbcUrl(), db.user(), db.password(), "test"), "test");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String x) {
                System.out.println(x);
            }
        };
        return new Backfill(database, null, settings, out, new StopSignal(), Clock.systemUTC());
    }
}
