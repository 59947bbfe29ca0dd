package org.namelog.migration.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * How the backfill runs and paces itself. Zero turns a throttle off.
 *
 * @param batchSize ids in the first batch (batches are id ranges of the primary key)
 * @param minBatchSize the adaptive size never goes below this
 * @param maxBatchSize ... nor above this
 * @param targetBatchDuration the batch duration the size steers towards
 * @param maxWriterWait the batch duration while writers wait on the backfill's row locks (a row a
 *     batch changed stays locked until the batch commits, so a writer of that row waits that long)
 * @param lockTimeout lock_timeout of the backfill's sessions (and of the trigger guard's DDL)
 * @param statementTimeout statement_timeout of the backfill's sessions: one batch is one statement
 * @param maxRowsPerSecond at most this many rows per second on average, all workers together (0: no limit)
 * @param pauseBetweenBatches a pause after every batch of each worker (0: none)
 * @param maxReplicaLagBytes hold while a standby or replication slot is more WAL bytes behind than this (0: do not look)
 * @param window run only inside this daily window (null: any time)
 * @param stopOutsideWindow outside the window, stop resumably instead of waiting for it
 * @param vacuumEvery VACUUM namelog each time this percentage of the table's rows was rewritten (0: never)
 * @param triggerMode how to keep "timestamp" untouched
 * @param maxBatchRetries how often one batch is retried (at half the size) after a lock or statement timeout
 * @param maxDdlRetries retries of the trigger guard's DDL after a lock timeout
 * @param workers parallel workers, each on its own id range and connection
 * @param progressBar draw a progress bar (on a terminal) rather than plain lines
 */
public record BackfillSettings(int batchSize, int minBatchSize, int maxBatchSize, Duration targetBatchDuration,
        Duration maxWriterWait, Duration lockTimeout, Duration statementTimeout, long maxRowsPerSecond, Duration pauseBetweenBatches,
        long maxReplicaLagBytes, TimeWindow window, boolean stopOutsideWindow, int vacuumEvery, TriggerMode triggerMode,
        int maxBatchRetries, int maxDdlRetries, int workers, boolean progressBar) {

    /** Default hold threshold of the replica-lag throttle: 256 MB of WAL. */
    public static final long DEFAULT_MAX_REPLICA_LAG_BYTES = 256L << 20;

    public BackfillSettings {
        new BatchSizer(batchSize, minBatchSize, maxBatchSize, targetBatchDuration); // validates the sizes
        if (maxWriterWait.isZero() || maxWriterWait.isNegative()) {
            throw new IllegalArgumentException("--max-writer-wait must be positive but was " + maxWriterWait);
        }
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(pauseBetweenBatches, "pauseBetweenBatches");
        Objects.requireNonNull(triggerMode, "triggerMode");
        if (maxRowsPerSecond < 0) {
            throw new IllegalArgumentException("--max-rows-per-second must be >= 0 (0: no limit) but was " + maxRowsPerSecond);
        }
        if (maxReplicaLagBytes < 0) {
            throw new IllegalArgumentException("--max-replica-lag must be >= 0 (0: do not look) but was " + maxReplicaLagBytes);
        }
        if (vacuumEvery < 0 || vacuumEvery > 100) {
            throw new IllegalArgumentException("--vacuum-every must be a percentage from 0 (never) to 100 but was " + vacuumEvery);
        }
        if (maxBatchRetries < 0) {
            throw new IllegalArgumentException("--max-batch-retries must be >= 0 but was " + maxBatchRetries);
        }
        if (maxDdlRetries < 0) {
            throw new IllegalArgumentException("--max-ddl-retries must be >= 0 but was " + maxDdlRetries);
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--workers must be from 1 to 64 but was " + workers);
        }
        if (lockTimeout.isZero() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("--lock-timeout must be positive but was " + lockTimeout);
        }
        if (statementTimeout.isNegative() || pauseBetweenBatches.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** The defaults of the command line. */
    public static BackfillSettings defaults() {
        return new BackfillSettings(1000, 100, 200_000, Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(30), 0, Duration.ZERO, DEFAULT_MAX_REPLICA_LAG_BYTES, null, false, 10,
                TriggerMode.AUTO, 10, 10, 1, true);
    }

    /** These settings with another lock timeout and DDL retries (the trigger guard's removal by rollback). */
    public BackfillSettings withLockTimeout(Duration timeout, int ddlRetries) {
        return new BackfillSettings(batchSize, minBatchSize, maxBatchSize, targetBatchDuration, maxWriterWait, timeout,
                statementTimeout,
                maxRowsPerSecond, pauseBetweenBatches, maxReplicaLagBytes, window, stopOutsideWindow, vacuumEvery,
                triggerMode, maxBatchRetries, ddlRetries, workers, progressBar);
    }

    /** The batch duration while others write namelog, and a batch's longest wait for a row lock. */
    Duration writerBound() {
        Duration half = maxWriterWait.dividedBy(2);
        return half.isZero() ? Duration.ofMillis(1) : half;
    }

    /** These settings with the trigger mode the run chose. */
    BackfillSettings withTriggerMode(TriggerMode mode) {
        return new BackfillSettings(batchSize, minBatchSize, maxBatchSize, targetBatchDuration, maxWriterWait,
                lockTimeout, statementTimeout, maxRowsPerSecond, pauseBetweenBatches, maxReplicaLagBytes, window, stopOutsideWindow,
                vacuumEvery, mode, maxBatchRetries, maxDdlRetries, workers, progressBar);
    }

    BatchSizer newSizer() {
        return new BatchSizer(batchSize, minBatchSize, maxBatchSize, targetBatchDuration);
    }
}
