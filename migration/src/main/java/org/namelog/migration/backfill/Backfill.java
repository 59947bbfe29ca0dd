package org.namelog.migration.backfill;

import io.github.resilience4j.core.IntervalFunction;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.Database;
import org.namelog.migration.Durations;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;
import org.namelog.migration.state.CheckpointRow;
import org.namelog.migration.state.MyBatis;
import org.namelog.migration.state.StateStore;
import org.namelog.migration.step.Catalog;
import org.namelog.migration.step.ToolScripts;

/**
 * The resumable, throttled backfill. A keyset pass over the primary key, then a final sweep over
 * the rows still missing their value, until none remain. Each batch is one transaction with
 * {@code SET LOCAL} lock and statement timeouts, the trigger suppressed, and the checkpoint
 * written inside it: a killed run resumes exactly where the last commit left it.
 *
 * <p>Forward: fills {@code name_id} from {@code name} (inserting the Name rows a batch lacks).
 * Reverse (rollback from NEW_ONLY): fills {@code name} from {@code name_id}.
 */
public final class Backfill {

    /** Which column the backfill fills. */
    public enum Direction {
        FORWARD("forward"), REVERSE("reverse");

        private final String key;

        Direction(String key) {
            this.key = key;
        }

        /** The checkpoint row's key. */
        public String key() {
            return key;
        }
    }

    /** What a run did. */
    public record Result(long rowsUpdated, long batches, boolean alreadyFinished) {
    }

    /** What an estimate measured. */
    public record Estimate(int samples, long sampledIds, long sampledRows, Duration sampledTime, long remainingIds,
            Duration projected) {
    }

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String QUERY_CANCELED = "57014";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION = "40001";

    private final Database database;
    private final StateStore state;
    private final BackfillSettings settings;
    private final PrintStream out;
    private final StopSignal stop;
    private final Clock clock;
    private final BatchSizer sizer;
    private TriggerMode mode;
    private long batchesThisRun;
    private long rowsThisRun;
    private long rowsSinceVacuum;
    private long vacuumAfterRows = Long.MAX_VALUE;
    private Progress progress;

    public Backfill(Database database, StateStore state, BackfillSettings settings, PrintStream out, StopSignal stop,
            Clock clock) {
        this.database = database;
        this.state = state;
        this.settings = settings;
        this.out = out;
        this.stop = stop;
        this.clock = clock;
        this.sizer = new BatchSizer(settings.batchSize(), settings.minBatchSize(), settings.maxBatchSize(),
                settings.targetBatchDuration());
    }

    /** The mode used to keep "timestamp" (known once a run has started). */
    public TriggerMode triggerMode() {
        return mode;
    }

    /**
     * Runs (or resumes) the backfill in {@code direction} until no row is left.
     *
     * @throws MigrationException {@link ExitCode#STOPPED_RESUMABLE} when stopped (Ctrl-C, outside the window)
     */
    public Result run(Direction direction) {
        CheckpointRow checkpoint = state.createCheckpoint(direction.key());
        boolean wasFinished = checkpoint.finishedAt() != null;
        try (Connection connection = database.connect()) {
            mode = resolveTriggerMode(connection);
            Long max = autoCommit(connection, BackfillMapper::maxId);
            long maxId = max == null ? 0 : max;
            if (settings.vacuumEvery() > 0) {
                // ids stand in for the row count: the keyset pass walks them, and it needs no count(*)
                vacuumAfterRows = Math.max(1, maxId * settings.vacuumEvery() / 100);
            }
            progress = new Progress(out, settings.progressBar(), checkpoint.lastId(), maxId);
            if (checkpoint.keysetDone()) {
                out.println("keyset pass already done (up to id " + checkpoint.lastId() + "): going on with the final sweep");
            } else {
                out.println(direction.key() + " backfill from id " + checkpoint.lastId() + " (max id now " + maxId
                        + "), batch size " + sizer.size() + " adapting to " + Durations.format(settings.targetBatchDuration())
                        + " per batch");
                keysetPass(connection, direction, checkpoint.lastId(), maxId);
            }
            sweep(connection, direction);
            autoCommit(connection, m -> m.markFinished(direction.key()));
            if (rowsThisRun > 0) {
                analyze();
            }
            progress.breakLine();
            if (wasFinished && rowsThisRun == 0) {
                out.println("already done: the " + direction.key() + " backfill finished at " + checkpoint.finishedAt()
                        + " and no row needs it now");
            } else {
                out.println(direction.key() + " backfill done: " + rowsThisRun + " rows updated in " + batchesThisRun
                        + " batches this run");
            }
            return new Result(rowsThisRun, batchesThisRun, wasFinished && rowsThisRun == 0);
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "backfill failed: " + e.getMessage(), e);
        } finally {
            closeChecks();
            stop.finished();
        }
    }

    private void closeChecks() {
        if (checks != null) {
            try {
                checks.close();
            } catch (SQLException e) {
                // closing a read-only side connection: nothing to keep
            }
            checks = null;
        }
    }

    /** Runs sample batches from the checkpoint in transactions that are rolled back, and extrapolates. */
    public Estimate estimate(int samples) {
        if (samples < 1) {
            throw new MigrationException(ExitCode.USAGE, "--samples must be >= 1 but was " + samples);
        }
        CheckpointRow checkpoint = state.checkpoint(Direction.FORWARD.key()).orElse(null);
        long after = checkpoint == null ? 0 : checkpoint.lastId();
        try (Connection connection = database.connect()) {
            mode = resolveTriggerMode(connection);
            Long max = autoCommit(connection, BackfillMapper::maxId);
            long maxId = max == null ? 0 : max;
            long start = after;
            long rows = 0;
            long nanos = 0;
            int done = 0;
            for (int i = 0; i < samples; i++) {
                long from = after;
                int size = settings.batchSize();
                long t0 = System.nanoTime();
                long[] result = transaction(connection, m -> keysetBatch(m, Direction.FORWARD, from, maxId, size, false), false);
                nanos += System.nanoTime() - t0;
                if (result == null) {
                    break;
                }
                after = result[0];
                rows += result[1];
                done++;
            }
            long sampledIds = after - start;
            long remaining = Math.max(0, maxId - start);
            Duration projected = Duration.ZERO;
            if (sampledIds > 0) {
                double nanosPerId = (double) nanos / sampledIds;
                long batches = (remaining + settings.batchSize() - 1) / settings.batchSize();
                projected = Duration.ofNanos(Math.round(nanosPerId * remaining))
                        .plus(settings.pauseBetweenBatches().multipliedBy(batches));
                if (settings.maxRowsPerSecond() > 0 && rows > 0) {
                    double rowsPerId = (double) rows / sampledIds;
                    Duration limited = Duration.ofMillis(Math.round(remaining * rowsPerId * 1000 / settings.maxRowsPerSecond()));
                    if (limited.compareTo(projected) > 0) {
                        projected = limited;
                    }
                }
            }
            return new Estimate(done, sampledIds, rows, Duration.ofNanos(nanos), remaining, projected);
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "estimate failed: " + e.getMessage(), e);
        }
    }

    /**
     * Walks ids up to {@code endId}, the largest id when the pass began: rows inserted later are
     * the final sweep's (after DUAL_WRITE they carry name_id already, so chasing the table's tail
     * here would only rewrite rows that need nothing).
     */
    private void keysetPass(Connection connection, Direction direction, long from, long endId) {
        long after = from;
        while (true) {
            betweenBatches(direction, after);
            long current = after;
            int size = sizer.size();
            long t0 = System.nanoTime();
            long[] result = batch(connection, m -> keysetBatch(m, direction, current, endId, size, true));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (result == null) {
                return;
            }
            after = result[0];
            afterBatch(result[1], took);
            progress.update(direction.key(), after, rowsThisRun, sizer.size());
        }
    }

    /** [new last id, rows updated], or null when no row is left after {@code after}. */
    private static long[] keysetBatch(BackfillMapper m, Direction direction, long after, long endId, int size,
            boolean checkpoint) {
        if (after >= endId) {
            if (checkpoint) {
                m.markKeysetDone(direction.key());
            }
            return null;
        }
        Long upper = m.upperBound(after, size - 1);
        if (upper == null || upper > endId) {
            upper = endId;
        }
        int rows;
        if (direction == Direction.FORWARD) {
            m.insertNamesInRange(after, upper);
            rows = m.updateNameIdsInRange(after, upper);
        } else {
            rows = m.updateNamesInRange(after, upper);
        }
        if (checkpoint) {
            m.advanceCheckpoint(direction.key(), upper, rows);
        }
        return new long[] {upper, rows};
    }

    /** Loops over the rows still missing their value until a pass from the start finds none. */
    private void sweep(Connection connection, Direction direction) {
        long cursor = 0;
        long updatedThisPass = 0;
        long foundThisPass = 0;
        String stage = direction.key() + " sweep";
        while (true) {
            betweenBatches(direction, cursor);
            long after = cursor;
            int size = sizer.size();
            long t0 = System.nanoTime();
            long[] result = batch(connection, m -> sweepBatch(m, direction, after, size));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (result == null) {
                if (cursor == 0) {
                    return;
                }
                if (foundThisPass > 0 && updatedThisPass == 0) {
                    throw new MigrationException(ExitCode.UNEXPECTED, foundThisPass + " rows need the " + direction.key()
                            + " backfill but no batch could update them: run verify to see which ids");
                }
                cursor = 0;
                updatedThisPass = 0;
                foundThisPass = 0;
                continue;
            }
            cursor = result[0];
            foundThisPass += result[2];
            updatedThisPass += result[1];
            afterBatch(result[1], took);
            progress.update(stage, cursor, rowsThisRun, sizer.size());
        }
    }

    /** [last id, rows updated, rows found], or null when no row after {@code after} needs it. */
    private static long[] sweepBatch(BackfillMapper m, Direction direction, long after, int size) {
        List<Long> ids = direction == Direction.FORWARD ? m.idsMissingNameId(after, size) : m.idsMissingName(after, size);
        if (ids.isEmpty()) {
            return null;
        }
        Long[] array = ids.toArray(new Long[0]);
        int rows;
        if (direction == Direction.FORWARD) {
            m.insertNamesForIds(array);
            rows = m.updateNameIdsForIds(array);
        } else {
            rows = m.updateNamesForIds(array);
        }
        m.advanceCheckpoint(direction.key(), 0, rows);
        return new long[] {array[array.length - 1], rows, array.length};
    }

    /** One batch transaction, retried with half the size after a lock or statement timeout. */
    private long[] batch(Connection connection, Function<BackfillMapper, long[]> work) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2.0, 0.5,
                Duration.ofSeconds(10));
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(connection, work, true);
            } catch (RuntimeException e) {
                SQLException sql = sqlCause(e);
                String state = sql == null ? null : sql.getSQLState();
                boolean transientFailure = QUERY_CANCELED.equals(state) || LOCK_NOT_AVAILABLE.equals(state)
                        || DEADLOCK.equals(state) || SERIALIZATION.equals(state);
                if (state != null && state.startsWith("08")) {
                    progress.breakLine();
                    throw new MigrationException(ExitCode.DATABASE_UNREACHABLE, "lost the connection in a backfill batch: "
                            + sql.getMessage() + "; the checkpoint is intact, run backfill again when the database is back", e);
                }
                if (!transientFailure || attempt > settings.maxBatchRetries()) {
                    progress.breakLine();
                    throw new MigrationException(transientFailure ? ExitCode.LOCK_TIMEOUT_RETRIES_EXHAUSTED : ExitCode.UNEXPECTED,
                            "a backfill batch failed " + attempt + " times: " + (sql == null ? e.getMessage() : sql.getMessage())
                            + "; the checkpoint is intact, run backfill again (smaller --max-batch-size or a quieter time)", e);
                }
                int size = sizer.afterTimeout();
                long wait = backoff.apply(attempt);
                progress.breakLine();
                out.println("  batch timed out (" + state + "): retry " + attempt + " of " + settings.maxBatchRetries()
                        + " with batch size " + size + " in " + wait + "ms");
                pause(Duration.ofMillis(wait));
                if (stop.requested()) {
                    throw stopped("stopped by request");
                }
            }
        }
    }

    /** Runs {@code work} in auto-commit mode (reads, checkpoint marks outside a batch). */
    private static <T> T autoCommit(Connection connection, Function<BackfillMapper, T> work) {
        try {
            connection.setAutoCommit(true);
            try (SqlSession session = MyBatis.on(connection)) {
                return work.apply(session.getMapper(BackfillMapper.class));
            }
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "backfill connection failed: " + e.getMessage()
                    + "; the checkpoint is intact, run backfill again", e);
        }
    }

    /**
     * Runs {@code work} as one batch transaction with the batch's SET LOCAL settings, and commits
     * (or rolls back: the estimate's samples).
     */
    private <T> T transaction(Connection connection, Function<BackfillMapper, T> work, boolean commit) {
        try {
            connection.setAutoCommit(false);
            try (SqlSession session = MyBatis.on(connection)) {
                BackfillMapper m = session.getMapper(BackfillMapper.class);
                m.setLocal("lock_timeout", settings.lockTimeout().toMillis() + "ms");
                m.setLocal("statement_timeout", settings.statementTimeout().toMillis() + "ms");
                if (mode == TriggerMode.REPLICA) {
                    m.setLocal("session_replication_role", "replica");
                } else {
                    m.setLocal("namelog.preserve_timestamp", "on");
                }
                T result = work.apply(m);
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "backfill connection failed: " + e.getMessage()
                    + "; the checkpoint is intact, run backfill again", e);
        }
    }

    /**
     * Decides how to keep "timestamp": replica where the role may set it (tried once, in a
     * transaction that is rolled back), else the narrower trigger function.
     */
    private TriggerMode resolveTriggerMode(Connection connection) throws SQLException {
        TriggerMode wanted = settings.triggerMode();
        if (wanted != TriggerMode.GUC) {
            boolean allowed = replicaAllowed(connection);
            if (allowed) {
                out.println("trigger: suppressed with SET LOCAL session_replication_role = replica in each batch"
                        + " (foreign-key checks are off in the batch too: run validate afterwards)");
                return TriggerMode.REPLICA;
            }
            if (wanted == TriggerMode.REPLICA) {
                throw MigrationException.prerequisite("--trigger-mode=replica: user " + database.settings().user()
                        + " may not set session_replication_role (needs superuser, or on PostgreSQL 15+"
                        + " GRANT SET ON PARAMETER session_replication_role); use --trigger-mode=guc");
            }
            out.println("trigger: user " + database.settings().user() + " may not set session_replication_role;"
                    + " using the narrower way (--trigger-mode=guc)");
        }
        installPreservingTrigger(connection);
        return TriggerMode.GUC;
    }

    private static boolean replicaAllowed(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT set_config('session_replication_role', 'replica', true)");
            return true;
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private void installPreservingTrigger(Connection connection) throws SQLException {
        String source = new Catalog(connection).functionSource("namelog_touch_timestamp()");
        if (source != null && source.contains("namelog.preserve_timestamp")) {
            out.println("trigger: namelog_touch_timestamp() already keeps \"timestamp\" when a transaction sets"
                    + " namelog.preserve_timestamp = 'on' (each batch does)");
            return;
        }
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT set_config('lock_timeout', '" + settings.lockTimeout().toMillis() + "ms', true)");
            s.execute(ToolScripts.read("touch_timestamp_preserving.sql"));
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw MigrationException.prerequisite("cannot replace namelog_touch_timestamp(): " + e.getMessage()
                    + " (run as the function's owner, or as a role that may set session_replication_role)");
        } finally {
            connection.setAutoCommit(true);
        }
        out.println("trigger: CHANGED function namelog_touch_timestamp(): it now keeps the old \"timestamp\" in"
                + " transactions with SET LOCAL namelog.preserve_timestamp = 'on' (only the backfill's batches);"
                + " every other update still refreshes it");
    }

    /** Throttles and controls, at a batch boundary: stop, pause, window, replica lag. */
    private void betweenBatches(Direction direction, long lastId) {
        boolean told = false;
        while (true) {
            if (stop.requested()) {
                throw stopped("stopped by request after the last batch");
            }
            if (state.paused()) {
                if (!told) {
                    progress.breakLine();
                    out.println("paused (namelog-migrate pause): waiting at id " + lastId
                            + "; run namelog-migrate resume to go on");
                    told = true;
                }
                pause(Duration.ofSeconds(1));
                continue;
            }
            TimeWindow window = settings.window();
            if (window != null && !window.contains(ZonedDateTime.now(clock))) {
                Duration wait = window.untilOpen(ZonedDateTime.now(clock));
                if (settings.stopOutsideWindow()) {
                    throw stopped("outside the window " + window + " (it opens in " + Durations.format(
                            Duration.ofSeconds(wait.toSeconds())) + ")");
                }
                if (!told) {
                    progress.breakLine();
                    out.println("outside the window " + window + ": waiting " + Durations.format(
                            Duration.ofSeconds(wait.toSeconds())) + " until it opens");
                    told = true;
                }
                pause(wait.compareTo(Duration.ofSeconds(1)) < 0 ? wait : Duration.ofSeconds(1));
                continue;
            }
            if (!settings.maxReplicaLag().isZero()) {
                Long lag = autoCommit(connectionForChecks(), BackfillMapper::replicaLagMillis);
                if (lag != null && lag > settings.maxReplicaLag().toMillis()) {
                    if (!told) {
                        progress.breakLine();
                        out.println("a standby lags " + lag + "ms (more than " + Durations.format(settings.maxReplicaLag())
                                + "): waiting");
                        told = true;
                    }
                    pause(Duration.ofSeconds(1));
                    continue;
                }
            }
            if (told) {
                out.println("going on with the " + direction.key() + " backfill at id " + lastId);
            }
            return;
        }
    }

    private Connection checks;

    /** Replica lag is read on the state store's side connection, never inside a batch. */
    private Connection connectionForChecks() {
        if (checks == null) {
            checks = database.connect();
        }
        return checks;
    }

    private void afterBatch(long rows, Duration took) {
        batchesThisRun++;
        rowsThisRun += rows;
        sizer.after(took);
        Duration wait = settings.pauseBetweenBatches();
        if (settings.maxRowsPerSecond() > 0 && rows > 0) {
            Duration minimum = Duration.ofMillis(rows * 1000 / settings.maxRowsPerSecond());
            Duration rateWait = minimum.minus(took);
            if (rateWait.compareTo(wait) > 0) {
                wait = rateWait;
            }
        }
        rowsSinceVacuum += rows;
        if (rowsSinceVacuum >= vacuumAfterRows) {
            rowsSinceVacuum = 0;
            vacuum();
        }
        if (!wait.isZero() && !wait.isNegative()) {
            pause(wait);
        }
    }

    /** VACUUM namelog, so the row versions written next reuse the pages freed behind the batches. */
    private void vacuum() {
        maintain("VACUUM namelog", "skipped this time");
    }

    /**
     * ANALYZE namelog once the backfill is done: until the statistics know that name_id is now
     * filled, the planner may keep reading through the name_id-less fallback as if every row took
     * it. A sample, so cheap.
     */
    private void analyze() {
        maintain("ANALYZE namelog", "skipped (autovacuum will do it)");
    }

    /**
     * Runs a maintenance statement on a connection of its own, outside any transaction, under the
     * lock timeout; if it cannot have its lock it is skipped, never waited for.
     */
    private void maintain(String statement, String whenSkipped) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT set_config('lock_timeout', '" + settings.lockTimeout().toMillis() + "ms', false)");
            s.execute(statement);
        } catch (SQLException e) {
            progress.breakLine();
            out.println("  " + statement + " " + whenSkipped + ": " + e.getMessage());
        }
    }

    /** Sleeps in short steps, so that Ctrl-C is seen soon. */
    private void pause(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        try {
            while (!stop.requested()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Thread.sleep(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request();
        }
    }

    /**
     * Ends the run at a batch boundary. Recorded and printed here, before the shutdown hook of a
     * Ctrl-C lets the JVM exit.
     */
    private MigrationException stopped(String why) {
        if (progress != null) {
            progress.breakLine();
        }
        String message = "backfill " + why + ": " + rowsThisRun + " rows updated in " + batchesThisRun
                + " batches this run; the checkpoint is saved, run backfill again to resume";
        out.println(message);
        state.history("backfill", null, "stopped", message);
        return new MigrationException(ExitCode.STOPPED_RESUMABLE, message);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
