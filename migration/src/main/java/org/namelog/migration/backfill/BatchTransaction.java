package org.namelog.migration.backfill;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;
import org.namelog.migration.backfill.Backfill.Direction;

/**
 * One batch: the names it needs (forward only, their own short transaction), then one statement
 * that updates the batch's rows and its checkpoint together. A batch that hits its lock or
 * statement timeout is retried at half the size, up to {@code --max-batch-retries} times.
 */
final class BatchTransaction {

    /** What one batch did: its range ended at {@code upper}, it changed {@code rows}, its update took {@code took}. */
    record Outcome(long upper, long rows, Duration took) {
    }

    /** What one sweep batch did: the last id it looked at, the rows it found and the rows it changed. */
    record SweepOutcome(long lastId, long found, long rows, Duration took) {
    }

    private final Direction direction;
    private final BackfillSettings settings;
    private final Consumer<String> say;
    private final StopSignal stop;
    private final IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2.0, 0.5,
            Duration.ofSeconds(10));

    BatchTransaction(Direction direction, BackfillSettings settings, Consumer<String> say, StopSignal stop) {
        this.direction = direction;
        this.settings = settings;
        this.say = say;
        this.stop = stop;
    }

    /**
     * The next keyset batch of {@code slice} after {@code after}, sized by {@code sizer}; forward,
     * with the names of its range committed first (by {@code names} ahead, or here), and the next
     * range's names started on {@code names}' connection while this batch runs.
     */
    Outcome keyset(BatchSession session, Slice slice, long after, BatchSizer sizer, NamesAhead names) {
        return retrying(sizer, size -> {
            // A stretch without rows (sparse ids, one far-off id) is stepped over in one probe of
            // the primary key: walking it a batch of ids at a time once took 32,000 batches for
            // nothing. Rows inserted into a skipped stretch later are the final sweep's.
            Long next = session.call(m -> m.nextId(after));
            long from = next == null ? slice.endId() : Math.max(after, Math.min(slice.endId(), next - 1));
            long upper = Math.min(slice.endId(), from + size);
            if (direction == Direction.FORWARD && from < upper) {
                long done = names == null ? from : names.doneUpTo(from);
                if (done < upper) {
                    session.call(m -> m.insertNamesInRange(done, upper));
                    if (names != null) {
                        names.done(done, upper);
                    }
                }
                if (names != null) {
                    names.start(upper, Math.min(slice.endId(), upper + size));
                }
            }
            return update(session, slice, from, upper);
        }, "ids " + after + "..");
    }

    /** Updates the rows of (after, upper] and moves the slice's checkpoint to {@code upper}. */
    private Outcome update(BatchSession session, Slice slice, long after, long upper) {
        long t0 = System.nanoTime();
        Long rows = session.call(m -> direction == Direction.FORWARD ? m.forwardBatch(slice.slice(), after, upper)
                : m.reverseBatch(slice.slice(), after, upper));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (rows == null) {
            throw new MigrationException(ExitCode.UNEXPECTED, "the " + direction.key() + " checkpoint of slice "
                    + slice.slice() + " is gone (reset while this run went on?): run backfill again");
        }
        return new Outcome(upper, rows, took);
    }

    /** The next batch of the final sweep after {@code after}, or null when no row after it needs one. */
    SweepOutcome sweep(BatchSession session, long after, BatchSizer sizer) {
        return retrying(sizer, size -> {
            List<Long> ids = session.call(m -> m.idsToSweep(direction.key(), after, size));
            if (ids.isEmpty()) {
                return null;
            }
            Long[] array = ids.toArray(new Long[0]);
            if (direction == Direction.FORWARD) {
                session.call(m -> m.insertNamesForIds(array));
            }
            long t0 = System.nanoTime();
            Long rows = session.call(m -> m.sweepBatch(direction.key(), array));
            return new SweepOutcome(array[array.length - 1], array.length, rows == null ? 0 : rows,
                    Duration.ofNanos(System.nanoTime() - t0));
        }, "sweep after id " + after);
    }

    /** Runs {@code attempt} with the sizer's current size; after a timeout halves it and tries again. */
    private <T> T retrying(BatchSizer sizer, IntFunction<T> attempt, String what) {
        for (int retry = 1; ; retry++) {
            try {
                return attempt.apply(sizer.size());
            } catch (MigrationException e) {
                throw e;
            } catch (RuntimeException e) {
                if (Failures.isConnectionLost(e)) {
                    throw MigrationException.unreachable("lost the connection in a backfill batch: " + Failures.message(e)
                            + "; the checkpoint is intact, run backfill again when the database is back", e);
                }
                if (!Failures.isTransient(e)) {
                    throw new MigrationException(ExitCode.UNEXPECTED, "a backfill batch (" + what + ") failed: "
                            + Failures.message(e) + "; the checkpoint is intact, run backfill again", e);
                }
                if (retry > settings.maxBatchRetries()) {
                    throw new MigrationException(ExitCode.LOCK_TIMEOUT_RETRIES_EXHAUSTED, "a backfill batch (" + what
                            + ") timed out " + retry + " times, the last at " + sizer.size() + " ids: "
                            + Failures.message(e) + "; the checkpoint is intact, run backfill again at a quieter time"
                            + " (a batch waits for a row lock at most half of --max-writer-wait, or --lock-timeout if"
                            + " smaller: a larger --max-writer-wait lets it wait longer; see also --statement-timeout)", e);
                }
                int before = sizer.size();
                int smaller = sizer.afterTimeout();
                long wait = backoff.apply(retry);
                say.accept("  batch of " + before + " ids (" + what + ") timed out (" + Failures.sqlState(e) + "): retry "
                        + retry + " of " + settings.maxBatchRetries() + " with " + smaller + " ids in " + wait + "ms");
                Pause.sleep(Duration.ofMillis(wait), stop);
                if (stop.requested()) {
                    throw new StopRequested("stopped by request after the last batch");
                }
            }
        }
    }
}
