package org.namelog.migration.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * What one backfill (or reverse backfill) reports while it runs. The engine calls these as it
 * goes; each call only sets a value in memory, so it costs nothing when the metrics go nowhere.
 *
 * <p>Exported, tagged {@code direction}: {@code namelog_migrate_backfill_rows_done},
 * {@code _rows_remaining}, {@code _rows_per_second}, {@code _eta_seconds} (NaN while unknown),
 * {@code _batch_seconds} (a timer with histogram buckets), {@code _batch_rows} (a summary),
 * {@code _replica_lag_bytes} (NaN until measured), {@code _paused} (0 or 1) and {@code _running}
 * (1 from {@link ToolMetrics#backfill(String)} until {@link #close()}).
 *
 * <p>Thread-safe.
 */
public final class BackfillGauges implements AutoCloseable {

    private static final String PREFIX = "namelog.migrate.backfill.";

    private final AtomicLong rowsDone = new AtomicLong();
    private final AtomicLong rowsRemaining = new AtomicLong();
    private final Value rowsPerSecond = new Value(0);
    private final Value etaSeconds = new Value(Double.NaN);
    private final Value replicaLagBytes = new Value(Double.NaN);
    private final Value paused = new Value(0);
    private final Value running = new Value(1);
    private final Timer batches;
    private final DistributionSummary batchRows;

    BackfillGauges(MeterRegistry registry, String direction) {
        Tags tags = Tags.of("direction", direction);
        gauge(registry, "rows.done", null, "rows the backfill has filled so far (this run and the runs it resumes)",
                tags, rowsDone, AtomicLong::doubleValue);
        gauge(registry, "rows.remaining", null, "rows the backfill estimates are still to fill", tags, rowsRemaining,
                AtomicLong::doubleValue);
        gauge(registry, "rows.per.second", null, "rows filled per second, recently", tags, rowsPerSecond, Value::get);
        gauge(registry, "eta", "seconds", "time the backfill estimates it still needs (NaN while unknown)", tags,
                etaSeconds, Value::get);
        gauge(registry, "replica.lag", "bytes", "bytes of WAL the slowest replica has still to replay (NaN until measured)",
                tags, replicaLagBytes, Value::get);
        gauge(registry, "paused", null, "1 while the backfill waits (pause command, replica lag, time window)", tags,
                paused, Value::get);
        gauge(registry, "running", null, "1 while the backfill runs, 0 once it has ended (done or stopped)", tags,
                running, Value::get);
        this.batches = Timer.builder(PREFIX + "batch")
                .description("duration of one batch transaction")
                .tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        this.batchRows = DistributionSummary.builder(PREFIX + "batch.rows")
                .description("rows filled by one batch").tags(tags).register(registry);
    }

    /**
     * Where the backfill stands.
     *
     * @param rowsDone rows filled so far
     * @param rowsTotal rows it expects to fill in all (done included; an estimate may grow as live
     *     inserts arrive)
     * @param rowsPerSecond the recent rate
     * @param eta the time still needed, or {@code null} while unknown
     * @throws IllegalArgumentException if a count or the rate is negative
     */
    public void progress(long rowsDone, long rowsTotal, double rowsPerSecond, Duration eta) {
        if (rowsDone < 0 || rowsTotal < 0) {
            throw new IllegalArgumentException("rows done and total must not be negative but were "
                    + rowsDone + " and " + rowsTotal);
        }
        if (!(rowsPerSecond >= 0)) {
            throw new IllegalArgumentException("rows per second must not be negative but was " + rowsPerSecond);
        }
        this.rowsDone.set(rowsDone);
        this.rowsRemaining.set(Math.max(0, rowsTotal - rowsDone));
        this.rowsPerSecond.set(rowsPerSecond);
        this.etaSeconds.set(eta == null ? Double.NaN : eta.toNanos() / 1e9);
    }

    /** One batch committed: it took {@code took} and filled {@code rows} rows. */
    public void batch(Duration took, int rows) {
        Objects.requireNonNull(took, "took");
        if (rows < 0) {
            throw new IllegalArgumentException("rows of a batch must not be negative but was " + rows);
        }
        batches.record(took);
        batchRows.record(rows);
    }

    /** The replication lag the backfill last measured (the slowest replica), in bytes of WAL. */
    public void replicaLagBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("replica lag must not be negative but was " + bytes);
        }
        replicaLagBytes.set((double) bytes);
    }

    /** Whether the backfill is waiting instead of filling rows (so a flat rate is no stall). */
    public void paused(boolean paused) {
        this.paused.set(paused ? 1 : 0);
    }

    /** Marks the backfill as ended (done or stopped): nothing should move any more. Idempotent. */
    @Override
    public void close() {
        paused.set(0);
        running.set(0);
        rowsPerSecond.set(0d);
    }

    void reopen() {
        running.set(1);
    }

    private static <T> void gauge(MeterRegistry registry, String name, String baseUnit, String description, Tags tags,
            T holder, ToDoubleFunction<T> value) {
        Gauge.builder(PREFIX + name, holder, value).description(description).baseUnit(baseUnit).tags(tags)
                .strongReference(true).register(registry);
    }

    /** A double that a gauge reads while the engine's thread sets it. */
    private static final class Value {
        private volatile double value;

        Value(double initial) {
            this.value = initial;
        }

        double get() {
            return value;
        }

        void set(double value) {
            this.value = value;
        }
    }
}
