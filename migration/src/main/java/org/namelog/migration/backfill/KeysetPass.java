package org.namelog.migration.backfill;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.namelog.migration.Database;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;
import org.namelog.migration.backfill.Backfill.Direction;

/**
 * The batch loops: {@code --workers} threads, each on a connection of its own, take the pending
 * slices one after another and walk each in keyset batches; then one loop sweeps the rows the pass
 * could not see. The first failure of any worker stops the others at their next batch boundary.
 */
final class KeysetPass {

    private final Database database;
    private final BackfillSettings settings;
    private final Direction direction;
    private final Throttle throttle;
    private final MaintenanceRunner maintenance;
    private final Progress progress;
    private final StopSignal stop;
    private final Consumer<String> say;
    private final BackfillObserver observer;
    private final BatchTransaction batches;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong batchCount = new AtomicLong();
    private final AtomicLong doneIds = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    KeysetPass(Database database, BackfillSettings settings, Direction direction, Throttle throttle,
            MaintenanceRunner maintenance, Progress progress, StopSignal stop, Consumer<String> say,
            BackfillObserver observer) {
        this.observer = observer;
        this.database = database;
        this.settings = settings;
        this.direction = direction;
        this.throttle = throttle;
        this.maintenance = maintenance;
        this.progress = progress;
        this.stop = stop;
        this.say = say;
        this.batches = new BatchTransaction(direction, settings, say, stop);
    }

    long rows() {
        return rows.get();
    }

    long batches() {
        return batchCount.get();
    }

    /** Walks every pending slice; returns when all are done, throws the first failure. */
    void run(List<Slice> pending, long alreadyDone) {
        doneIds.set(alreadyDone);
        Queue<Slice> queue = new ConcurrentLinkedQueue<>(pending);
        int workers = Math.min(settings.workers(), pending.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "namelog-backfill-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(() -> work(queue)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, new MigrationException(ExitCode.UNEXPECTED, "a backfill worker failed: "
                            + e.getCause(), e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.request();
                }
            }
        } finally {
            pool.shutdown();
        }
        RuntimeException first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    private void work(Queue<Slice> queue) {
        try (BatchSession session = BatchSession.forBatches(database, settings, settings.triggerMode());
                NamesAhead names = direction == Direction.FORWARD
                        ? new NamesAhead(BatchSession.forBatches(database, settings, settings.triggerMode())) : null) {
            throttle.watch(session);
            BatchSizer sizer = settings.newSizer();
            Slice slice;
            while (failure.get() == null && (slice = queue.poll()) != null) {
                walk(session, slice, sizer, names);
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void walk(BatchSession session, Slice slice, BatchSizer sizer, NamesAhead names) {
        long after = slice.lastId();
        while (after < slice.endId()) {
            if (failure.get() != null) {
                return;
            }
            throttle.awaitGo();
            long start = System.nanoTime();
            BatchTransaction.Outcome o = batches.keyset(session, slice, after, sizer, names);
            sizer.after(o.took(), throttle.batchTarget());
            counted(o.rows());
            observer.batch(o.took(), o.rows());
            progress.update(direction.key(), doneIds.addAndGet(o.upper() - after), rows.get(), sizer.size());
            after = o.upper();
            throttle.afterBatch(o.rows(), start);
        }
    }

    /**
     * Loops over the rows whose name and name_id disagree on being NULL (inserted behind the pass by
     * writers not yet switched, or committed out of id order) until a pass from the start finds none.
     */
    void sweep() {
        try (BatchSession session = BatchSession.forBatches(database, settings, settings.triggerMode())) {
            throttle.watch(session);
            BatchSizer sizer = settings.newSizer();
            long cursor = 0;
            long found = 0;
            long fixed = 0;
            String stage = direction.key() + " sweep";
            while (true) {
                throttle.awaitGo();
                long start = System.nanoTime();
                BatchTransaction.SweepOutcome o = batches.sweep(session, cursor, sizer);
                if (o == null) {
                    if (cursor == 0) {
                        return;
                    }
                    if (found > 0 && fixed == 0) {
                        throw new MigrationException(ExitCode.UNEXPECTED, found + " rows need the " + direction.key()
                                + " backfill but no batch could update them: run verify to see which ids");
                    }
                    cursor = 0;
                    found = 0;
                    fixed = 0;
                    continue;
                }
                sizer.after(o.took(), throttle.batchTarget());
                observer.batch(o.took(), o.rows());
                cursor = o.lastId();
                found += o.found();
                fixed += o.rows();
                counted(o.rows());
                progress.update(stage, doneIds.get(), rows.get(), sizer.size());
                throttle.afterBatch(o.rows(), start);
            }
        }
    }

    private void counted(long changed) {
        rows.addAndGet(changed);
        batchCount.incrementAndGet();
        maintenance.rowsWritten(changed);
    }
}
