package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.namelog.testing.TestDatabase;

/**
 * A transaction holding a lock on namelog: each schema step times out and retries instead of
 * waiting, writers never wait longer than the lock timeout, and the step succeeds once the lock
 * is gone.
 */
class LockTimeoutIT {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);

    @ParameterizedTest(name = "V{0} ({2}) retries behind a lock")
    // V4 (CREATE INDEX CONCURRENTLY) waits without a lock timeout instead: ConcurrentIndexIT.
    @CsvSource({"3, expand, name-id-column.start", "5, expand, name-id-fkey.start", "6, validate, name-id-fkey.complete"})
    void aStepBehindALockTimesOutRetriesAndSucceedsAfterRelease(int version, String command, String action)
            throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("lock_v" + version)) {
            db.execute("INSERT INTO namelog (name, status) SELECT NULL, i FROM generate_series(1, 200) i");
            for (int v = 2; v < version; v++) {
                db.applyForward(v);
            }
            ToolRun.setPhase(db, version == 6 ? "DUAL_WRITE" : "LEGACY");
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            AtomicLong slowestNanos = new AtomicLong();
            try (Connection holder = db.connect(); Statement hold = holder.createStatement()) {
                holder.setAutoCommit(false);
                // Conflicts with every step's lock (ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE, SHARE UPDATE
                // EXCLUSIVE) but, like a long autovacuum or a report, not with the writers.
                hold.execute("LOCK TABLE namelog IN SHARE UPDATE EXCLUSIVE MODE");
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(db, writing, writes, slowestNanos));
                CompletableFuture<ToolRun> step = CompletableFuture.supplyAsync(() -> ToolRun.on(db, command,
                        "--lock-timeout", "200ms", "--max-ddl-retries", "100"));

                await().atMost(Duration.ofSeconds(30)).until(() -> db.queryLong(
                        "SELECT count(*) FROM namelog_migration_history WHERE outcome = 'lock-timeout' AND action = '"
                                + action + "'") >= 3);
                assertThat(step).isNotDone();
                holder.rollback();

                ToolRun run = step.get();
                writing.set(false);
                writer.join();
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
                assertThat(run.out()).contains("lock timeout (200ms) on " + action);
                assertThat(writes.get()).isPositive();
                assertThat(Duration.ofNanos(slowestNanos.get())).as("the slowest insert while the step retried")
                        .isLessThan(LOCK_TIMEOUT.plusMillis(800));
            }
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE outcome = 'done' AND action = '"
                    + action + "'")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "retries exhausted: exit 6")
    @CsvSource("1")
    void whenEveryRetryTimesOutTheToolGivesUpWithItsOwnExitCode(int retries) throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("lock_exhausted"); Connection holder = db.connect();
                Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            hold.execute("LOCK TABLE namelog IN ACCESS SHARE MODE");

            ToolRun run = ToolRun.on(db, "expand", "--lock-timeout", "100ms", "--max-ddl-retries", String.valueOf(retries));

            assertThat(run.exitCode()).isEqualTo(ExitCode.LOCK_TIMEOUT_RETRIES_EXHAUSTED);
            assertThat(run.err()).contains("name-id-column.start could not get its lock within 100ms in 2 attempts");
            holder.rollback();
            ToolRun again = ToolRun.on(db, "expand");
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).contains("already done: create table name");
        }
    }

    private static void write(TestDatabase db, AtomicBoolean writing, AtomicLong writes, AtomicLong slowestNanos) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            while (writing.get()) {
                long t0 = System.nanoTime();
                s.execute("INSERT INTO namelog (name, status) VALUES (NULL, 7)");
                long took = System.nanoTime() - t0;
                slowestNanos.accumulateAndGet(took, Math::max);
                writes.incrementAndGet();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
