package org.namelog.migration.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * How the backfill paces itself. Zero turns a throttle off.
 *
 * @param batchSize rows in the first batch
 * @param minBatchSize the adaptive size never goes below this
 * @param maxBatchSize ... nor above this
 * @param targetBatchDuration the batch duration the size steers towards
 * @param lockTimeout SET LOCAL lock_timeout of each batch
 * @param statementTimeout SET LOCAL statement_timeout of each batch
 * @param maxRowsPerSecond at most this many rows per second on average (0: no limit)
 * @param pauseBetweenBatches a pause after every batch (0: none)
 * @param maxReplicaLag pause while a standby's replay lags more than this (0: do not look)
 * @param window run only inside this daily window (null: any time)
 * @param stopOutsideWindow outside the window, stop resumably instead of waiting for it
 * @param vacuumEvery VACUUM namelog each time this percentage of the table's rows was rewritten (0: never).
 *     Counted in rows, not batches: each VACUUM scans the whole table and its indexes, so their number
 *     must not grow with the number of (adaptively small) batches
 * @param triggerMode how to keep "timestamp" untouched
 * @param maxBatchRetries how often one batch is retried after a lock or statement timeout
 * @param progressBar draw a progress bar (on a terminal) rather than plain lines
 */
public record BackfillSettings(int batchSize, int minBatchSize, int maxBatchSize, Duration targetBatchDuration,
        Duration lockTimeout, Duration statementTimeout, long maxRowsPerSecond, Duration pauseBetweenBatches,
        Duration maxReplicaLag, TimeWindow window, boolean stopOutsideWindow, int vacuumEvery, TriggerMode triggerMode,
        int maxBatchRetries, boolean progressBar) {

    public BackfillSettings {
        new BatchSizer(batchSize, minBatchSize, maxBatchSize, targetBatchDuration); // validates the sizes
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(pauseBetweenBatches, "pauseBetweenBatches");
        Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
        Objects.requireNonNull(triggerMode, "triggerMode");
        if (maxRowsPerSecond < 0) {
            throw new IllegalArgumentException("--max-rows-per-second must be >= 0 (0: no limit) but was " + maxRowsPerSecond);
        }
        if (vacuumEvery < 0 || vacuumEvery > 100) {
            throw new IllegalArgumentException("--vacuum-every must be a percentage from 0 (never) to 100 but was " + vacuumEvery);
        }
        if (maxBatchRetries < 0) {
            throw new IllegalArgumentException("retries must be >= 0 but was " + maxBatchRetries);
        }
        if (lockTimeout.isNegative() || statementTimeout.isNegative() || pauseBetweenBatches.isNegative()
                || maxReplicaLag.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** The defaults of the command line. */
    public static BackfillSettings defaults() {
        return new BackfillSettings(1000, 100, 20_000, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(30), 0, Duration.ZERO, Duration.ofSeconds(30), null, false, 20, TriggerMode.AUTO,
                10, true);
    }
}
