package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.namelog.testing.TestDatabase;

/**
 * Kills the backfill's process (SIGKILL: no shutdown hook, no last commit) at a random batch,
 * runs it again, and checks that every row got exactly the right name_id once and that no
 * "timestamp" changed.
 */
class BackfillKillIT {

    private static final String BATCHES = "SELECT coalesce(sum(batches), 0) FROM namelog_backfill_checkpoint";
    /** Rows a slice's checkpoint says are not done yet must be untouched. */
    private static final String CHANGED_BEYOND_CHECKPOINTS = "SELECT count(*) FROM namelog l"
            + " JOIN namelog_backfill_checkpoint c ON c.direction = 'forward' AND l.id > c.last_id AND l.id <= c.end_id"
            + " WHERE l.name_id IS NOT NULL";

    @Test
    void aKilledBackfillWithSeveralWorkersResumesWithAnotherNumberLosingAndDoublingNothing() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_kill")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT CASE WHEN i % 13 = 0 THEN NULL"
                    + " ELSE 'k' || (i % 211) END, i % 3, '2001-02-03 04:05:06Z' FROM generate_series(1, 6000) i");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            long killAfter = ThreadLocalRandom.current().nextLong(6, 60);

            Process child = startBackfill(db, "3");
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (!child.isAlive()) {
                        throw new AssertionError("the backfill ended before it was killed, exit " + child.exitValue());
                    }
                    return tableExists(db) && db.queryLong(BATCHES) >= killAfter;
                });
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint write
                child.waitFor();
            }
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint WHERE direction = 'forward'"))
                    .as("one checkpoint row per worker's range").isEqualTo(3);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint WHERE last_id > first_id"))
                    .as("every worker had got on").isEqualTo(3);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint WHERE NOT keyset_done"))
                    .as("killed in the middle").isPositive();
            assertThat(db.queryLong(CHANGED_BEYOND_CHECKPOINTS)).as("nothing after a checkpoint was committed").isZero();

            ToolRun resumed = ToolRun.on(db, "backfill", "--workers", "5", "--batch-size", "20", "--min-batch-size", "10",
                    "--no-progress");

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.OK);
            assertThat(resumed.out()).doesNotContain("starting over").contains("5 workers");
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL")).isZero();
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong("SELECT sum(rows_updated) FROM namelog_backfill_checkpoint WHERE direction = 'forward'"))
                    .as("each row updated exactly once across both runs")
                    .isEqualTo(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL"));
            assertThat(db.queryLong("SELECT count(*) FROM name")).isEqualTo(db.queryLong("SELECT count(DISTINCT name) FROM namelog"));
            assertThat(db.queryLong(BackfillIT.GUARD_LEFT)).as("the guard a killed run left is removed").isZero();
        }
    }

    @Test
    void ctrlCStopsAllWorkersAfterTheirBatchAndLeavesResumableCheckpoints() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_sigterm")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 't' || (i % 50), 1,"
                    + " '2001-02-03 04:05:06Z' FROM generate_series(1, 3000) i");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            Process child = startBackfill(db, "2");
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                        tableExists(db) && db.queryLong(BATCHES) >= 6);
                child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
                assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE command = 'backfill'"
                    + " AND outcome = 'stopped' AND detail LIKE 'backfill stopped by request after the last batch%'"))
                    .as("stopped at a batch boundary, not killed in the middle").isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_backfill_checkpoint WHERE NOT keyset_done")).isPositive();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL"))
                    .isEqualTo(db.queryLong("SELECT sum(rows_updated) FROM namelog_backfill_checkpoint"));
            assertThat(db.queryLong(CHANGED_BEYOND_CHECKPOINTS)).isZero();
            assertThat(db.queryLong(BackfillIT.GUARD_LEFT)).as("a stopped run removes its guard").isZero();
            assertThat(Files.readString(Path.of("target", "backfill-kill-child.log")))
                    .contains("the checkpoint is saved, run backfill again to resume");

            ToolRun resumed = ToolRun.on(db, "backfill", "--no-progress");
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.out()).contains("forward backfill from id ").doesNotContain("starting over");
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS)).isZero();
        }
    }

    private static boolean tableExists(TestDatabase db) {
        return db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'namelog_backfill_checkpoint'") == 1;
    }

    /** The shaded jar when the build made it (failsafe runs after package), else this test's class path. */
    private static Process startBackfill(TestDatabase db, String workers) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jar = Path.of("target", "namelog-migrate.jar");
        if (Files.isRegularFile(jar)) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(NameLogMigrate.class.getName());
        }
        command.addAll(List.of("backfill", "--jdbc-url", db.jdbcUrl(), "--user", db.user(), "--batch-size", "20",
                "--min-batch-size", "20", "--max-batch-size", "20", "--pause-between-batches", "30ms", "--workers", workers,
                "--no-progress"));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (db.password() != null) {
            builder.environment().put("NAMELOG_PASSWORD", db.password());
        }
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File("target", "backfill-kill-child.log"));
        return builder.start();
    }
}
