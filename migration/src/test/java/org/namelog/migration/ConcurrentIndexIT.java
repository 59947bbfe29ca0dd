package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.namelog.testing.TestDatabase;

/**
 * {@code CREATE INDEX CONCURRENTLY} waits for older transactions without a lock timeout (its lock
 * blocks no reads or writes), names the session in its way while it waits, and finishes once that
 * session ends: no retry, no scan redone, no INVALID index left behind.
 */
class ConcurrentIndexIT {

    private static final String INDEX_VALID = "SELECT count(*) FROM pg_index WHERE indexrelid = 'namelog_name_id_idx'::regclass"
            + " AND indisvalid";

    @Test
    void concurrentIndexWaitsForOldTransactionAndNamesIt() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("cic_old_snapshot")) {
            db.execute("INSERT INTO namelog (name, status) SELECT 'n' || (i % 5), i FROM generate_series(1, 500) i",
                    "CREATE TABLE unrelated_report (id int)");
            db.applyForward(2, 3);
            ToolRun.setPhase(db, "LEGACY");
            try (Connection old = db.connect(); Statement s = old.createStatement()) {
                // A report that never touches namelog, but holds a snapshot older than the build's.
                s.execute("SET application_name = 'monthly-report'");
                old.setAutoCommit(false);
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SELECT count(*) FROM unrelated_report");
                int oldPid = pid(old);

                LiveRun expand = LiveRun.start(db, "expand");
                await().atMost(Duration.ofSeconds(60)).until(() -> expand.out().contains("pid " + oldPid));

                assertThat(expand.out()).contains("waiting for old snapshots").contains("application_name 'monthly-report'")
                        .contains("idle in transaction").contains("transaction open");
                assertThat(expand.isDone()).isFalse();
                assertWritersGoOn(db);
                old.commit();

                ToolRun run = expand.result();
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
                assertThat(run.out()).contains("expand: done").doesNotContain("lock timeout (2s) on name-id-index");
            }
            assertThat(db.queryLong(INDEX_VALID)).isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE action = 'name-id-index.start'"
                    + " AND outcome IN ('lock-timeout', 'failed')")).isZero();
        }
    }

    @Test
    void anOldTransactionInAnotherDatabaseDoesNotHoldTheBuildUp() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("cic_this_db"); TestDatabase other = TestDatabase.createLegacy("cic_other_db")) {
            db.execute("INSERT INTO namelog (name, status) SELECT 'n' || (i % 5), i FROM generate_series(1, 200) i");
            db.applyForward(2, 3);
            ToolRun.setPhase(db, "LEGACY");
            try (Connection old = other.connect(); Statement s = old.createStatement()) {
                old.setAutoCommit(false);
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SELECT count(*) FROM namelog");
                int oldPid = pid(old);

                LiveRun expand = LiveRun.start(db, "expand");
                await().atMost(Duration.ofSeconds(60)).until(expand::isDone);

                ToolRun run = expand.result();
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
                assertThat(run.out()).doesNotContain("pid " + oldPid);
                old.rollback();
            }
            assertThat(db.queryLong(INDEX_VALID)).isEqualTo(1);
        }
    }

    @Test
    void concurrentIndexWaitsBehindATableLockWithoutBlockingWritersAndNamesTheHolder() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("cic_table_lock")) {
            db.execute("INSERT INTO namelog (name, status) SELECT 'n' || (i % 5), i FROM generate_series(1, 200) i");
            db.applyForward(2, 3);
            ToolRun.setPhase(db, "LEGACY");
            try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
                // Like a long (auto)vacuum or ANALYZE: conflicts with the build's lock, not with writers.
                s.execute("SET application_name = 'manual-vacuum'");
                holder.setAutoCommit(false);
                s.execute("LOCK TABLE namelog IN SHARE UPDATE EXCLUSIVE MODE");
                int holderPid = pid(holder);

                LiveRun expand = LiveRun.start(db, "expand", "--lock-timeout", "200ms");
                await().atMost(Duration.ofSeconds(60)).until(() -> expand.out().contains("pid " + holderPid));

                assertThat(expand.out()).contains("application_name 'manual-vacuum'");
                assertThat(expand.isDone()).isFalse();
                assertWritersGoOn(db);
                holder.rollback();

                ToolRun run = expand.result();
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
                assertThat(run.out()).doesNotContain("lock timeout (200ms) on name-id-index.start");
            }
            assertThat(db.queryLong(INDEX_VALID)).isEqualTo(1);
        }
    }

    @Test
    void ctrlCCancelsTheWaitingBuildOnTheServerAndTheNextRunRebuildsIt(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("cic_ctrl_c")) {
            db.execute("INSERT INTO namelog (name, status) SELECT 'n' || (i % 5), i FROM generate_series(1, 200) i");
            db.applyForward(2, 3);
            ToolRun.setPhase(db, "LEGACY");
            try (Connection old = db.connect(); Statement s = old.createStatement()) {
                old.setAutoCommit(false);
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SELECT count(*) FROM namelog_migration_phase");
                int oldPid = pid(old);
                Path output = dir.resolve("expand.out");
                ProcessBuilder tool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), NameLogMigrate.class.getName(), "expand",
                        "--jdbc-url", db.jdbcUrl(), "--user", db.user())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                if (db.password() != null) {
                    tool.environment().put("NAMELOG_PASSWORD", db.password());
                }
                Process expand = tool.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(output).contains("pid " + oldPid));

                expand.destroy(); // SIGTERM, as Ctrl-C: the shutdown hooks run
                assertThat(expand.waitFor(30, TimeUnit.SECONDS)).isTrue();

                assertThat(Files.readString(output)).contains("stopping: cancelling the CONCURRENTLY statement");
                await().atMost(Duration.ofSeconds(10)).until(() -> db.queryLong(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND state = 'active'") == 0);
                assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'namelog_name_id_idx'::regclass"
                        + " AND NOT indisvalid")).as("the cancelled build's INVALID index").isEqualTo(1);
                old.commit();
            }

            ToolRun again = ToolRun.on(db, "expand");

            assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.OK);
            assertThat(again.out()).contains("repair: drop the INVALID index");
            assertThat(db.queryLong(INDEX_VALID)).isEqualTo(1);
        }
    }

    /** An insert and an update on namelog finish at once while the build waits (they would fail at 1s if queued). */
    private static void assertWritersGoOn(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '1s'");
            long t0 = System.nanoTime();
            s.execute("INSERT INTO namelog (name, status) VALUES ('written while the index waits', 1)");
            s.execute("UPDATE namelog SET status = 2 WHERE id = 1");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The tool running in this JVM, whose output the test reads while it runs. */
    private record LiveRun(CompletableFuture<Integer> exit, ByteArrayOutputStream stdout, ByteArrayOutputStream err,
            String command) {

        static LiveRun start(TestDatabase db, String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--jdbc-url", db.jdbcUrl(), "--user", db.user()));
            Map<String, String> env = new HashMap<>();
            if (db.password() != null) {
                env.put("NAMELOG_PASSWORD", db.password());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> NameLogMigrate.run(env,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    all.toArray(new String[0])));
            return new LiveRun(exit, out, err, String.join(" ", args));
        }

        String out() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        boolean isDone() {
            return exit.isDone();
        }

        ToolRun result() throws Exception {
            int code = exit.get(60, TimeUnit.SECONDS);
            ToolRun run = new ToolRun(code, out(), err.toString(StandardCharsets.UTF_8));
            System.out.println("$ namelog-migrate " + command + "  -> exit " + code + "\n" + run.out() + run.err());
            return run;
        }
    }
}
