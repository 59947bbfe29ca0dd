package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.namelog.testing.TestDatabase;

/** The forward backfill against a real PostgreSQL: exact names, untouched timestamps, live writers. */
class BackfillIT {

    /** Every row with a name points at a Name row with exactly that value. */
    static final String WRONG_ROWS = "SELECT count(*) FROM namelog l LEFT JOIN name n ON n.id = l.name_id"
            + " WHERE l.name IS NOT NULL AND (n.id IS NULL OR n.value IS DISTINCT FROM l.name)";
    static final String MOVED_TIMESTAMPS = "SELECT count(*) FROM namelog WHERE \"timestamp\" <> '2001-02-03 04:05:06Z'";

    static List<String> edgeCaseNames() {
        List<String> names = new ArrayList<>(List.of("", "a", "A", " a", "a ", "a  b", "\u00e9", "e\u0301",
                "Stra\u00dfe", "STRASSE", "\ud83d\ude00", "tab\there", "new\nline", "quote'and\"", "back\\slash"));
        names.add("x".repeat(3000));                 // above a btree entry's ~2.7 kB
        names.add("y".repeat(300_000) + "end");      // far above it
        names.add("y".repeat(300_000) + "enD");      // differs only at the very end
        return names;
    }

    /** Inserts every edge-case name a few times, plus NULL names and filler, all with one old timestamp. */
    static void insertEdgeCases(TestDatabase db, int filler) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO namelog (name, status, \"timestamp\")"
                        + " VALUES (?, ?, '2001-02-03 04:05:06Z')")) {
            List<String> names = edgeCaseNames();
            for (int round = 0; round < 3; round++) {
                for (String name : names) {
                    ps.setString(1, name);
                    ps.setInt(2, round);
                    ps.addBatch();
                }
                ps.setString(1, null);
                ps.setInt(2, round);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 'filler ' || (i % 97), i % 5,"
                + " '2001-02-03 04:05:06Z' FROM generate_series(1, " + filler + ") i");
    }

    static final String GUARD_LEFT = "SELECT count(*) FROM pg_trigger WHERE tgname = 'zz_namelog_migrate_keep_timestamp'";
    static final String GUARD_FUNCTION_LEFT = "SELECT count(*) FROM pg_proc WHERE proname = 'namelog_migrate_keep_timestamp'";

    /** Both ways of keeping "timestamp": the default (replica where allowed, as here) and the guard. */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "guc"})
    void edgeCaseNamesSurviveBackfillAndVerifyAndNoTimestampMoves(String triggerMode) throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_edge_" + triggerMode)) {
            insertEdgeCases(db, 2000);
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--batch-size", "50", "--min-batch-size", "10",
                    "--max-batch-size", "200", "--vacuum-every", "3", "--workers", "2", "--trigger-mode", triggerMode,
                    "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            if (triggerMode.equals("guc")) {
                assertThat(run.out()).contains("added zz_namelog_migrate_keep_timestamp")
                        .contains("removed zz_namelog_migrate_keep_timestamp");
            } else {
                assertThat(run.out()).contains("session_replication_role = replica in the backfill's sessions"
                        + " (--trigger-mode auto").contains("foreign key checked after the replica-mode batches")
                        .doesNotContain("zz_namelog_migrate_keep_timestamp");
            }
            assertThat(run.out()).contains("forward backfill done");
            assertThat(db.queryLong(GUARD_LEFT)).as("the guard trigger is removed after the run").isZero();
            assertThat(db.queryLong(GUARD_FUNCTION_LEFT)).isZero();
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NULL AND name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM name"))
                    .isEqualTo(db.queryLong("SELECT count(DISTINCT name) FROM namelog"))
                    .isEqualTo(edgeCaseNames().size() + 97);
            assertThat(db.queryLong("SELECT sum(rows_updated) FROM namelog_backfill_checkpoint WHERE direction = 'forward'"))
                    .isEqualTo(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL"));

            ToolRun verify = ToolRun.on(db, "verify", "--batch-size", "100");
            assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.OK);
            ToolRun status = ToolRun.on(db, "status");
            assertThat(status.out()).contains("forward backfill:  " + db.queryLong(
                    "SELECT count(*) FROM namelog WHERE name IS NOT NULL") + " rows updated")
                    .contains("rows missing name_id: 0").containsPattern("verified: +20");

            ToolRun again = ToolRun.on(db, "backfill", "--no-progress");
            assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(again.out()).contains("already done");
        }
    }

    /** Problem 7: the trigger calls a function of another name; nothing of the user's may change. */
    @Test
    void triggerFunctionOfAnotherNameIsLeftUntouchedAndNoTimestampMoves() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_other_function")) {
            db.execute("DROP TRIGGER namelog_touch_timestamp ON namelog",
                    "DROP FUNCTION namelog_touch_timestamp()",
                    "CREATE FUNCTION app_set_modified() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " NEW.\"timestamp\" := clock_timestamp(); RETURN NEW; END $$",
                    "CREATE TRIGGER app_modified BEFORE UPDATE ON namelog FOR EACH ROW EXECUTE FUNCTION app_set_modified()");
            insertEdgeCases(db, 300);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            String before = functionDefinitions(db);

            ToolRun run = ToolRun.on(db, "backfill", "--trigger-mode", "guc", "--batch-size", "40", "--min-batch-size", "10",
                    "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).doesNotContain("CHANGED");
            assertThat(functionDefinitions(db)).as("no function of the user's changed, none added").isEqualTo(before);
            assertThat(db.queryLong(GUARD_LEFT)).isZero();
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isPositive();
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).as("\"timestamp\" unchanged on every row").isZero();
            long id = db.queryLong("SELECT min(id) FROM namelog");
            db.execute("UPDATE namelog SET status = 9 WHERE id = " + id);
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE id = " + id
                    + " AND \"timestamp\" > '2001-02-03 04:05:06Z'")).as("other updates still refresh it").isEqualTo(1);
        }
    }

    /** The guard must fire after every other BEFORE UPDATE row trigger: one that would sort after it is refused by name. */
    @Test
    void triggerThatWouldFireAfterTheGuardIsRefusedByName() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_guard_order")) {
            db.execute("CREATE TRIGGER zzz_touch_again BEFORE UPDATE ON namelog FOR EACH ROW"
                    + " EXECUTE FUNCTION namelog_touch_timestamp()");
            insertEdgeCases(db, 20);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--trigger-mode", "guc", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(run.err()).contains("zzz_touch_again (namelog_touch_timestamp())")
                    .contains("fires after the backfill's guard");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong(GUARD_LEFT)).isZero();
        }
    }

    private static String functionDefinitions(TestDatabase db) {
        return db.queryRows("SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind = 'f'"
                + " ORDER BY 1").toString();
    }

    /** Problem 8: the default mode keeps every other trigger firing. */
    @Test
    void auditTriggerStillFiresUnderTheDefaultMode() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_audit")) {
            createAuditTrigger(db);
            insertEdgeCases(db, 200);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--batch-size", "64", "--min-batch-size", "16", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("--trigger-mode auto uses the guard, because replica would switch off every"
                    + " trigger on namelog in the backfill's sessions, and these are not the timestamp trigger:"
                    + " namelog_audit_changes (namelog_audit_row())");
            assertThat(db.queryLong("SELECT count(*) FROM namelog_audit"))
                    .as("one audit row per row the backfill changed")
                    .isEqualTo(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL"));
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).isZero();
        }
    }

    /** Problem 8: replica would silently switch the audit trigger off: refused, naming it. */
    @Test
    void replicaModeIsRefusedWhileOtherTriggersExist() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_replica_refused")) {
            createAuditTrigger(db);
            insertEdgeCases(db, 50);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--trigger-mode", "replica", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(run.err()).contains("namelog_audit_changes (namelog_audit_row())").contains("--trigger-mode guc");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog_audit")).isZero();
        }
    }

    @Test
    void replicaModeWhereOnlyTheTimestampTriggerExistsChecksTheForeignKeyAfter() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_replica")) {
            insertEdgeCases(db, 200);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--trigger-mode", "replica", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("session_replication_role = replica")
                    .contains("foreign key checked after the replica-mode batches");
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong(GUARD_LEFT)).isZero();
        }
    }

    /**
     * Replica mode trusted every BEFORE UPDATE trigger that sets "timestamp" to be switched off; one
     * enabled ALWAYS fires in replica sessions too and moved every timestamp. Refused by name now,
     * and the default takes the guard instead.
     */
    @Test
    void replicaModeWithTheTimestampTriggerEnabledAlwaysWouldMoveEveryTimestamp() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_always")) {
            db.execute("ALTER TABLE namelog ENABLE ALWAYS TRIGGER namelog_touch_timestamp");
            insertEdgeCases(db, 120);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun replica = ToolRun.on(db, "backfill", "--trigger-mode", "replica", "--no-progress");
            assertThat(replica.exitCode()).as(replica.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(replica.err()).contains("namelog_touch_timestamp (namelog_touch_timestamp())")
                    .contains("ALWAYS or REPLICA");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();

            ToolRun auto = ToolRun.on(db, "backfill", "--no-progress");
            assertThat(auto.exitCode()).as(auto.toString()).isEqualTo(ExitCode.OK);
            assertThat(auto.out()).contains("--trigger-mode auto uses the guard").contains("ALWAYS or REPLICA");
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong(GUARD_LEFT)).isZero();
        }
    }

    /** A trigger enabled REPLICA fires only in replica sessions: the default must not make it fire for every row. */
    @Test
    void replicaOnlyTriggerKeepsTheDefaultOnTheGuard() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_replica_only")) {
            createAuditTrigger(db);
            db.execute("ALTER TABLE namelog ENABLE REPLICA TRIGGER namelog_audit_changes");
            insertEdgeCases(db, 80);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("--trigger-mode auto uses the guard")
                    .contains("ENABLE REPLICA): namelog_audit_changes");
            assertThat(db.queryLong("SELECT count(*) FROM namelog_audit")).as("it fires in no ordinary session").isZero();
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).isZero();
        }
    }

    /** A trigger on name would be switched off where the backfill inserts names: the default keeps the guard. */
    @Test
    void triggerOnTheNameTableKeepsTheDefaultOnTheGuard() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_name_trigger")) {
            insertEdgeCases(db, 80);
            db.expand();
            db.execute("CREATE TABLE name_audit (value text)",
                    "CREATE FUNCTION name_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " INSERT INTO name_audit VALUES (NEW.value); RETURN NULL; END $$",
                    "CREATE TRIGGER name_audit_inserts AFTER INSERT ON name FOR EACH ROW EXECUTE FUNCTION name_audit_row()");
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("--trigger-mode auto uses the guard").contains("name_audit_inserts");
            assertThat(db.queryLong("SELECT count(*) FROM name_audit")).as("every name the backfill inserted")
                    .isEqualTo(db.queryLong("SELECT count(*) FROM name"));
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
        }
    }

    static void createAuditTrigger(TestDatabase db) {
        db.execute("CREATE TABLE namelog_audit (id bigint, old_name_id bigint, new_name_id bigint)",
                "CREATE FUNCTION namelog_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO namelog_audit VALUES (NEW.id, OLD.name_id, NEW.name_id); RETURN NULL; END $$",
                "CREATE TRIGGER namelog_audit_changes AFTER UPDATE ON namelog FOR EACH ROW"
                        + " EXECUTE FUNCTION namelog_audit_row()");
    }

    @Test
    void verifyFindsPlantedMismatchesAndExitsNonZero() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("verify_mismatch")) {
            insertEdgeCases(db, 100);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            long wrong = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'a'");
            long missing = db.queryLong("SELECT min(id) FROM namelog WHERE name = 'A'");
            db.execute("UPDATE namelog SET name_id = (SELECT id FROM name WHERE value = 'A') WHERE id = " + wrong,
                    "UPDATE namelog SET name_id = NULL WHERE id = " + missing);

            ToolRun verify = ToolRun.on(db, "verify", "--batch-size", "7");

            assertThat(verify.exitCode()).isEqualTo(ExitCode.VERIFICATION_FAILED);
            assertThat(verify.out()).contains("namelog id " + wrong + ": name differs")
                    .contains("namelog id " + missing + ": has a name but no name_id");
            assertThat(verify.err()).contains("verify found 2 mismatching rows");
            assertThat(db.queryRows("SELECT verified_at FROM namelog_migration_step").get(0).get(0)).isNull();

            // A rename while the fleet was back in LEGACY leaves name_id stale: --from-start fixes it.
            ToolRun fix = ToolRun.on(db, "backfill", "--from-start", "--no-progress");
            assertThat(fix.exitCode()).isZero();
            assertThat(ToolRun.on(db, "verify").exitCode()).isEqualTo(ExitCode.OK);
        }
    }

    @Test
    void theBackfillFinishesWhileOtherThreadsKeepInsertingAndRenaming() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_live")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 'n' || (i % 300), 1,"
                    + " '2001-02-03 04:05:06Z' FROM generate_series(1, 4000) i");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE");
            long before = db.queryLong("SELECT max(id) FROM namelog");
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            {
                // DUAL_WRITE writers as the DAO writes (name resolved to its id in the same statement).
                for (int w = 0; w < 2; w++) {
                    writers.add(CompletableFuture.runAsync(() -> dualWriter(db, before, writing, writes)));
                }
                // And a legacy-path writer (an instance not yet switched), inserting without name_id for a while.
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 300 && writing.get(); i++) {
                        db.execute("INSERT INTO namelog (name, status) VALUES ('legacy " + (i % 50) + "', 3)");
                    }
                }));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    writers.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst()
                            .ifPresent(CompletableFuture::join); // shows why a writer died
                    return writes.get() >= 20;
                });

                ToolRun run = ToolRun.on(db, "backfill", "--batch-size", "100", "--min-batch-size", "20",
                        "--max-batch-size", "400", "--target-batch-duration", "50ms", "--workers", "3", "--no-progress");

                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
                assertThat(writes.get()).as("writers kept going during the backfill").isGreaterThan(20);
                writing.set(false);
                CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).join();
            }
            // The legacy writer may have added rows after the sweep; a second run sweeps them.
            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(ToolRun.on(db, "verify").exitCode()).isEqualTo(ExitCode.OK);
        }
    }

    private static final String RESOLVE = "WITH resolved AS (INSERT INTO name (value) VALUES (?)"
            + " ON CONFLICT (name_value_digest(value)) DO UPDATE SET value = EXCLUDED.value RETURNING id) ";

    private static void dualWriter(TestDatabase db, long maxId, AtomicBoolean writing, AtomicLong writes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = db.connect();
                PreparedStatement insert = c.prepareStatement(RESOLVE
                        + "INSERT INTO namelog (name, name_id, status) SELECT ?, id, 2 FROM resolved");
                PreparedStatement rename = c.prepareStatement(RESOLVE
                        + "UPDATE namelog SET name = ?, name_id = (SELECT id FROM resolved) WHERE id = ?")) {
            while (writing.get()) {
                String name = "live " + random.nextInt(500);
                insert.setString(1, name);
                insert.setString(2, name);
                insert.executeUpdate();
                String renamed = "renamed " + random.nextInt(500);
                rename.setString(1, renamed);
                rename.setString(2, renamed);
                rename.setLong(3, 1 + random.nextLong(maxId));
                rename.executeUpdate();
                writes.incrementAndGet();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A row a batch changed stays locked until the batch commits, so a writer of that row waits as
     * long as the batch runs: the tool sees writers waiting on its sessions and shortens its batches.
     * Batches here are slowed by a trigger of the team's (0.2 ms a row in the backfill's sessions).
     */
    @Test
    void writersWaitingOnTheBatchesRowsMakeTheBatchesShorter() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_writer_wait")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 'w' || (i % 50), 1,"
                    + " '2001-02-03 04:05:06Z' FROM generate_series(1, 10000) i");
            db.execute("CREATE FUNCTION namelog_slow_in_backfill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF current_setting('namelog.preserve_timestamp', true) = 'on' THEN PERFORM pg_sleep(0.0002);"
                    + " END IF; RETURN NEW; END $$",
                    "CREATE TRIGGER namelog_slow BEFORE UPDATE ON namelog FOR EACH ROW"
                            + " EXECUTE FUNCTION namelog_slow_in_backfill()");
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Connection c = db.connect();
                        PreparedStatement update = c.prepareStatement("UPDATE namelog SET status = 2 WHERE id = ?")) {
                    while (writing.get()) {
                        update.setLong(1, 1 + ThreadLocalRandom.current().nextLong(10000));
                        update.executeUpdate();
                        writes.incrementAndGet();
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() >= 10 || writer.isDone());

            ToolRun run = ToolRun.on(db, "backfill", "--batch-size", "2000", "--target-batch-duration", "4s",
                    "--max-writer-wait", "2s", "--no-progress");
            writing.set(false);
            writer.join();

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("others write namelog: batches sized to half of --max-writer-wait 2s"
                    + " while they do");
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE status <> 2 AND \"timestamp\" <> '2001-02-03 04:05:06Z'"))
                    .as("rows the writer never touched keep their timestamp").isZero();
        }
    }

    @Test
    void pauseFromAnotherTerminalHoldsTheBackfillUntilResume() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_pause")) {
            db.execute("INSERT INTO namelog (name, status) SELECT 'p' || (i % 10), 1 FROM generate_series(1, 500) i");
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            assertThat(ToolRun.on(db, "pause").exitCode()).isZero();

            CompletableFuture<ToolRun> backfill = CompletableFuture.supplyAsync(
                    () -> ToolRun.on(db, "backfill", "--batch-size", "100", "--no-progress"));
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryLong(
                    "SELECT count(*) FROM namelog_migration_history WHERE command = 'backfill' AND outcome = 'started'") == 1);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> !backfill.isDone()
                    && db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL") == 0);

            assertThat(ToolRun.on(db, "resume").exitCode()).isZero();
            ToolRun run = backfill.get();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("paused (namelog-migrate pause)").contains("going on with the forward backfill");
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
        }
    }

    @Test
    void estimateRunsSampleBatchesThatChangeNothing() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("estimate")) {
            insertEdgeCases(db, 1000);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "estimate", "--samples", "3", "--batch-size", "100", "--min-batch-size", "10");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("3 sample batches (rolled back)").contains("projected backfill time");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"))
                    .as("estimate adds no trigger").isEqualTo(1);
            assertThat(db.queryLong(GUARD_FUNCTION_LEFT)).isZero();

            ToolRun parallel = ToolRun.on(db, "estimate", "--samples", "4", "--workers", "2", "--batch-size", "100",
                    "--min-batch-size", "10");
            assertThat(parallel.exitCode()).as(parallel.toString()).isEqualTo(ExitCode.OK);
            assertThat(parallel.out()).as("4 samples per worker").contains("8 sample batches (rolled back)")
                    .contains("with 2 workers")
                    .containsPattern("estimate-seconds: [0-9]+\\.[0-9]");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM name")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM name")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint WHERE last_id > 0")).isZero();
        }
    }

    @Test
    void outsideItsWindowTheBackfillStopsResumablyWhenAsked() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_window")) {
            db.execute("INSERT INTO namelog (name, status) VALUES ('w', 1)");
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
            String closed = now.plusHours(2).withSecond(0).withNano(0).toString().substring(0, 5) + "-"
                    + now.plusHours(3).withSecond(0).withNano(0).toString().substring(0, 5);

            ToolRun run = ToolRun.on(db, "backfill", "--window", closed, "--time-zone", "UTC", "--stop-outside-window");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.STOPPED_RESUMABLE);
            assertThat(run.err()).contains("outside the window").contains("run backfill again to resume");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
        }
    }
}
