package org.namelog.migration.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.namelog.migration.Database;

/**
 * VACUUM behind the batches and ANALYZE after them, on a connection of its own, outside any
 * transaction and under the lock timeout (skipped, never waited for, when the lock is taken).
 * The VACUUM runs in the background while the workers go on, each time {@code vacuumAfterRows}
 * rows were rewritten, so new row versions reuse the pages freed behind the batches instead of
 * growing the table.
 */
final class MaintenanceRunner implements AutoCloseable {

    private final Database database;
    private final Duration lockTimeout;
    private final Consumer<String> say;
    private final long vacuumAfterRows;
    private final AtomicLong rowsSinceVacuum = new AtomicLong();
    private final AtomicBoolean vacuumQueued = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "namelog-backfill-vacuum");
        t.setDaemon(true);
        return t;
    });

    /** @param vacuumAfterRows rewritten rows between two VACUUMs (Long.MAX_VALUE: never) */
    MaintenanceRunner(Database database, Duration lockTimeout, long vacuumAfterRows, Consumer<String> say) {
        this.database = database;
        this.lockTimeout = lockTimeout;
        this.vacuumAfterRows = vacuumAfterRows;
        this.say = say;
    }

    /** Counts rewritten rows; starts a VACUUM in the background when enough were (one at a time). */
    void rowsWritten(long rows) {
        if (rows <= 0 || rowsSinceVacuum.addAndGet(rows) < vacuumAfterRows) {
            return;
        }
        rowsSinceVacuum.set(0);
        if (vacuumQueued.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    // TRUNCATE false: cutting empty pages off the end takes ACCESS EXCLUSIVE and, with
                    // synchronous commit, flushes the WAL the batches wrote while holding it. Writers
                    // would queue behind that; the table's end is full of new rows here anyway.
                    run("VACUUM (TRUNCATE false) namelog", "skipped this time");
                } finally {
                    vacuumQueued.set(false);
                }
            });
        }
    }

    /**
     * ANALYZE once the backfill is done: until the statistics know that name_id is filled, the
     * planner may keep choosing plans for a column of NULLs. A sample, so cheap.
     */
    void analyze() {
        run("ANALYZE namelog", "skipped (autovacuum will do it)");
    }

    private void run(String statement, String whenSkipped) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT set_config('lock_timeout', '" + lockTimeout.toMillis() + "ms', false)");
            // Paced like autovacuum (a manual VACUUM runs unpaced): at full speed its page writes and
            // their WAL stalled the writers' commits (2M rows under pgbench: max 276 ms, 108 ms without it).
            s.execute("SELECT set_config('vacuum_cost_delay', '2ms', false)");
            s.execute(statement);
        } catch (SQLException | RuntimeException e) {
            say.accept("  " + statement + " " + whenSkipped + ": " + Failures.message(e));
        }
    }

    /** Waits for a VACUUM under way (it is not interrupted: without its truncation it blocks no writer). */
    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
