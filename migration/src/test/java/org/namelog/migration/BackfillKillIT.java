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

    @Test
    void aKilledBackfillResumesExactlyWhereItsLastBatchCommitted() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_kill")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT CASE WHEN i % 13 = 0 THEN NULL"
                    + " ELSE 'k' || (i % 211) END, i % 3, '2001-02-03 04:05:06Z' FROM generate_series(1, 5000) i");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            long killAfter = ThreadLocalRandom.current().nextLong(3, 40);

            Process child = startBackfill(db);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (!child.isAlive()) {
                        throw new AssertionError("the backfill ended before it was killed, exit " + child.exitValue());
                    }
                    return db.queryRows("SELECT batches FROM namelog_backfill_checkpoint").stream()
                            .anyMatch(row -> ((Number) row.get(0)).longValue() >= killAfter);
                });
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            long lastId = db.queryLong("SELECT last_id FROM namelog_backfill_checkpoint WHERE direction = 'forward'");
            assertThat(lastId).as("killed in the middle").isBetween(1L, 4999L);
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL AND id > " + lastId))
                    .as("nothing after the checkpoint was committed").isZero();

            ToolRun resumed = ToolRun.on(db, "backfill", "--batch-size", "20", "--min-batch-size", "10", "--no-progress");

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.OK);
            assertThat(resumed.out()).contains("forward backfill from id " + lastId);
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL")).isZero();
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong("SELECT rows_updated FROM namelog_backfill_checkpoint WHERE direction = 'forward'"))
                    .as("each row updated exactly once across both runs")
                    .isEqualTo(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL"));
        }
    }

    @Test
    void ctrlCStopsAfterTheCurrentBatchAndLeavesAResumableCheckpoint() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("backfill_sigterm")) {
            db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT 't' || (i % 50), 1,"
                    + " '2001-02-03 04:05:06Z' FROM generate_series(1, 3000) i");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            Process child = startBackfill(db);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                        db.queryRows("SELECT batches FROM namelog_backfill_checkpoint").stream()
                                .anyMatch(row -> ((Number) row.get(0)).longValue() >= 5));
                child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
                assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE command = 'backfill'"
                    + " AND outcome = 'stopped' AND detail LIKE 'backfill stopped by request after the last batch%'"))
                    .as("stopped at a batch boundary, not killed in the middle").isEqualTo(1);
            long lastId = db.queryLong("SELECT last_id FROM namelog_backfill_checkpoint WHERE direction = 'forward'");
            assertThat(lastId).isBetween(1L, 2999L);
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL"))
                    .isEqualTo(db.queryLong("SELECT rows_updated FROM namelog_backfill_checkpoint"));
            assertThat(Files.readString(Path.of("target", "backfill-kill-child.log")))
                    .contains("the checkpoint is saved, run backfill again to resume");

            ToolRun resumed = ToolRun.on(db, "backfill", "--no-progress");
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.out()).contains("forward backfill from id " + lastId);
            assertThat(db.queryLong(BackfillIT.WRONG_ROWS)).isZero();
            assertThat(db.queryLong(BackfillIT.MOVED_TIMESTAMPS)).isZero();
        }
    }

    /** The shaded jar when the build made it (failsafe runs after package), else this test's class path. */
    private static Process startBackfill(TestDatabase db) throws Exception {
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
                "--min-batch-size", "20", "--max-batch-size", "20", "--pause-between-batches", "30ms", "--no-progress"));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (db.password() != null) {
            builder.environment().put("NAMELOG_PASSWORD", db.password());
        }
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File("target", "backfill-kill-child.log"));
        return builder.start();
    }
}
