package org.namelog.migration.backfill;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.namelog.migration.Database;
import org.namelog.migration.Durations;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;
import org.namelog.migration.state.StateStore;

/**
 * The resumable, throttled, parallel backfill: a keyset pass over the primary key by
 * {@code --workers} workers on disjoint id ranges, then a final sweep over the rows the pass could
 * not see, until none remain.
 *
 * <p>Forward: makes {@code name_id} agree with {@code name} on every row (NULL included), inserting
 * the Name rows first. Reverse (rollback): makes {@code name} agree with {@code name_id}.
 *
 * <p>The parts: {@link CheckpointStore} plans the slices, {@link KeysetPass} runs the workers' batch
 * loops, {@link BatchTransaction} is one batch, {@link Throttle} holds and paces them,
 * {@link TriggerGuard} keeps {@code "timestamp"}, {@link MaintenanceRunner} vacuums behind them.
 */
public final class Backfill {

    /** Which column the backfill fills. */
    public enum Direction {
        FORWARD("forward"), REVERSE("reverse");

        private final String key;

        Direction(String key) {
            this.key = key;
        }

        /** The checkpoint rows' key. */
        public String key() {
            return key;
        }
    }

    /** What a run did. */
    public record Result(long rowsUpdated, long batches, boolean alreadyFinished, Duration took) {
    }

    /**
     * What an estimate measured, and what it projects.
     *
     * @param samples sample batches run (rolled back)
     * @param sampledIds ids they covered
     * @param sampledRows rows they would have changed
     * @param sampledTime their time, names included
     * @param remainingIds ids the keyset pass has left
     * @param sweepTime the time of one pass of the final sweep (a scan of the table)
     * @param projected the whole backfill at this pace
     */
    public record Estimate(int samples, long sampledIds, long sampledRows, Duration sampledTime, long remainingIds,
            Duration sweepTime, Duration projected) {
    }

    private final Database database;
    private final BackfillSettings settings;
    private final PrintStream out;
    private final StopSignal stop;
    private final Clock clock;
    private final StateStore state;
    private BackfillObserver observer = BackfillObserver.NONE;
    private Progress progress;

    public Backfill(Database database, StateStore state, BackfillSettings settings, PrintStream out, StopSignal stop,
            Clock clock) {
        this.database = database;
        this.state = state;
        this.settings = settings;
        this.out = out;
        this.stop = stop;
        this.clock = clock;
    }

    /** Tells {@code observer} how the run goes (the tool's metrics); returns this engine. */
    public Backfill observe(BackfillObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * Runs (or resumes) the backfill in {@code direction} until no row is left.
     *
     * @throws MigrationException {@link ExitCode#STOPPED_RESUMABLE} when stopped (Ctrl-C, outside the window),
     *     {@link ExitCode#PREREQUISITES_NOT_MET} when the trigger mode or the lag throttle cannot be used
     */
    public Result run(Direction direction) {
        long started = System.nanoTime();
        progress = new Progress(out, settings.progressBar(), 0, 0);
        TriggerGuard guard = new TriggerGuard(database, settings, out);
        boolean guardInstalled = false;
        KeysetPass pass = null;
        try (BatchSession control = BatchSession.plain(database, settings)) {
            long epoch = control.call(BackfillMapper::fleetEpoch);
            long nameTable = control.call(BackfillMapper::nameTableOid);
            try (Throttle throttle = new Throttle(database, settings, this::say, stop, clock, direction.key(), epoch,
                    observer)) {
                throttle.start();
                CheckpointStore checkpoints = new CheckpointStore(control, direction, this::say);
                CheckpointStore.Plan plan = checkpoints.plan(settings.workers(), settings.minBatchSize(), epoch, nameTable);
                TriggerMode mode = guard.install();
                guardInstalled = mode == TriggerMode.GUC;
                progress = new Progress(out, settings.progressBar(), 0, plan.totalIds(), observer);
                long vacuumAfter = settings.vacuumEvery() == 0 ? Long.MAX_VALUE
                        : Math.max(1, plan.totalIds() * settings.vacuumEvery() / 100);
                try (MaintenanceRunner maintenance = new MaintenanceRunner(database, settings.lockTimeout(), vacuumAfter,
                        this::say)) {
                    pass = new KeysetPass(database, settings.withTriggerMode(mode), direction, throttle, maintenance, progress, stop, this::say,
                            observer);
                    if (plan.pending().isEmpty() && plan.totalIds() > 0) {
                        say("keyset pass already done: going on with the final sweep");
                    } else if (plan.pending().isEmpty()) {
                        say(direction.key() + " backfill: namelog has no rows");
                    } else {
                        describe(direction, plan);
                        pass.run(plan.pending(), plan.doneIds());
                    }
                    pass.sweep();
                    checkpoints.markFinished();
                    if (mode == TriggerMode.REPLICA) {
                        checkForeignKey(control);
                    }
                    if (pass.rows() > 0) {
                        maintenance.analyze();
                    }
                }
                progress.breakLine();
                boolean already = plan.finishedBefore() && pass.rows() == 0;
                if (already) {
                    out.println("already done: the " + direction.key() + " backfill finished before and no row needs it now");
                } else {
                    out.println(direction.key() + " backfill done: " + pass.rows() + " rows updated in " + pass.batches()
                            + " batches this run, " + Durations.format(Duration.ofMillis(
                                    (System.nanoTime() - started) / 1_000_000)));
                }
                return new Result(pass.rows(), pass.batches(), already, Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (StopRequested e) {
            throw stopped(e.getMessage(), pass);
        } finally {
            try {
                if (guardInstalled) {
                    guard.remove();
                }
            } catch (RuntimeException e) {
                // the run's own outcome stands; the guard acts only in sessions that set its setting
                say("namelog-migrate: could not remove " + TriggerGuard.TRIGGER + " from namelog (" + e.getMessage()
                        + "); it changes nothing outside the backfill's sessions: run backfill again to remove it");
            } finally {
                stop.finished();
            }
        }
    }

    private void describe(Direction direction, CheckpointStore.Plan plan) {
        List<Slice> pending = plan.pending();
        long from = pending.stream().mapToLong(Slice::lastId).min().orElse(0);
        long to = pending.stream().mapToLong(Slice::endId).max().orElse(0);
        say(direction.key() + " backfill from id " + from + " (max id now " + to + "), " + settings.workers()
                + (settings.workers() == 1 ? " worker" : " workers") + " on " + pending.size() + " id range"
                + (pending.size() == 1 ? "" : "s") + ", batches adapting to "
                + Durations.format(settings.targetBatchDuration()));
        if (pending.size() > 1) {
            for (Slice s : pending) {
                say("  range " + s.slice() + ": from id " + s.lastId() + " to id " + s.endId());
            }
        }
    }

    /**
     * With foreign-key checks off (replica), a batch could have written a name_id that names no Name
     * row, even after {@code validate}: look, and fail loudly.
     */
    private void checkForeignKey(BatchSession control) {
        List<Long> orphans = control.call(m -> m.orphanNameIds(10));
        if (!orphans.isEmpty()) {
            throw new MigrationException(ExitCode.VERIFICATION_FAILED, "namelog rows " + orphans + " have a name_id"
                    + " that names no Name row (the batches ran with session_replication_role = replica, which skips"
                    + " foreign-key checks): run backfill --from-start --trigger-mode guc, then verify");
        }
        say("foreign key checked after the replica-mode batches: every name_id names a Name row");
    }

    /** Removes the backfill's timestamp guard if one was left behind (a killed run); idempotent. For rollback. */
    public static void removeTimestampGuard(Database database, Duration lockTimeout, int maxDdlRetries, PrintStream out) {
        TriggerGuard.removeGuard(database, lockTimeout, maxDdlRetries, out);
    }

    /**
     * Runs sample batches spread over what is left, in transactions that are rolled back, and
     * extrapolates. With several workers the samples run on that many connections at once, so the
     * projection sees how far this server really scales, not an assumed factor.
     */
    public Estimate estimate(int samples) {
        if (samples < 1) {
            throw new MigrationException(ExitCode.USAGE, "--samples must be >= 1 but was " + samples);
        }
        IdRange bounds;
        long remaining;
        long start;
        long epoch;
        long nameTable;
        try (BatchSession session = BatchSession.plain(database, settings)) {
            epoch = session.call(BackfillMapper::fleetEpoch);
            nameTable = session.call(BackfillMapper::nameTableOid);
            bounds = session.call(BackfillMapper::idBounds);
            List<Slice> slices = session.call(m -> m.slices(Direction.FORWARD.key()));
            boolean resumable = !slices.isEmpty()
                    && slices.stream().allMatch(s -> s.epoch() == epoch && s.nameTable() == nameTable && s.endId() >= 0);
            remaining = resumable ? slices.stream().mapToLong(Slice::remaining).sum() : bounds.endId() - bounds.firstId();
            start = resumable ? slices.stream().filter(s -> !s.keysetDone()).mapToLong(Slice::lastId).min()
                    .orElse(bounds.endId()) : bounds.firstId();
        }
        // the samples run as the backfill would (replica, or every trigger firing: the guard is not installed)
        TriggerMode mode = new TriggerGuard(database, settings, out).chooseQuietly() == TriggerMode.REPLICA
                ? TriggerMode.REPLICA : null;
        // Each worker takes `samples` samples of its own: its sizer grows from --batch-size as the
        // real run's does, and with fewer each (samples split among the workers) the small first
        // batches ruled the pace (2 workers at 2M rows: predicted 39.5 s, took 18.2 s).
        int workers = Math.max(1, settings.workers());
        int total = samples * workers;
        long[] ids = new long[workers];
        long[] rows = new long[workers];
        long[] updateNanos = new long[workers];
        int[] done = new int[workers];
        long t0 = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    try (BatchSession session = BatchSession.forBatches(database, settings, mode)) {
                        // --lock-timeout, not the batches' bound: the workers' samples insert the same
                        // names in transactions that stay open until their rollback, so one waits for
                        // another's whole sample (the batches' own 50 ms failed a 2-worker estimate)
                        session.call(m -> m.setSession("lock_timeout", settings.lockTimeout().toMillis() + "ms"));
                        BatchSizer sizer = settings.newSizer();
                        for (int i = worker; i < total && remaining > 0; i += workers) {
                            long after = start + (bounds.endId() - start) * i / total;
                            long upper = Math.min(bounds.endId(), after + sizer.size());
                            if (upper <= after) {
                                break;
                            }
                            long s0 = System.nanoTime();
                            long changed = session.rolledBack(m -> {
                                m.insertSlice(Direction.FORWARD.key(), -1 - worker, after, upper, after, epoch, nameTable);
                                m.insertNamesInRange(after, upper);
                                long u0 = System.nanoTime();
                                Long updated = m.forwardBatch(-1 - worker, after, upper);
                                updateNanos[worker] += System.nanoTime() - u0;
                                return updated;
                            });
                            sizer.after(Duration.ofNanos(System.nanoTime() - s0));
                            ids[worker] += upper - after;
                            rows[worker] += changed;
                            done[worker]++;
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new MigrationException(ExitCode.UNEXPECTED, "estimate failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(ExitCode.UNEXPECTED, "estimate interrupted", e);
        } finally {
            pool.shutdown();
        }
        long nanos = System.nanoTime() - t0;
        long sampledIds = java.util.Arrays.stream(ids).sum();
        long sampledRows = java.util.Arrays.stream(rows).sum();
        int sampled = java.util.Arrays.stream(done).sum();
        Duration sweep;
        try (BatchSession session = BatchSession.plain(database, settings)) {
            long s0 = System.nanoTime();
            session.call(BackfillMapper::countRows);
            sweep = Duration.ofNanos(System.nanoTime() - s0);
        }
        Duration projected = Duration.ZERO;
        if (sampledIds > 0) {
            // The pace of the updates alone: in the real run each worker's names run a range ahead on a
            // connection of their own, while here every sample (rolled back) inserts all its names
            // again (2M rows: the whole samples' pace predicted 45 s for a 23.5 s run). The workers
            // sampled at once, so each one's pace already carries the others' load; their rates add.
            double idsPerNano = 0;
            for (int w = 0; w < workers; w++) {
                if (updateNanos[w] > 0) {
                    idsPerNano += (double) ids[w] / updateNanos[w];
                }
            }
            double nanosPerId = idsPerNano > 0 ? 1 / idsPerNano : (double) nanos / sampledIds;
            long batches = Math.max(1, remaining * sampled / sampledIds);
            projected = Duration.ofNanos(Math.round(nanosPerId * remaining))
                    .plus(settings.pauseBetweenBatches().multipliedBy(Math.max(1, batches / workers)))
                    .plus(sweep);
            if (settings.maxRowsPerSecond() > 0 && sampledRows > 0) {
                Duration limited = Duration.ofMillis(Math.round(remaining * ((double) sampledRows / sampledIds) * 1000
                        / settings.maxRowsPerSecond()));
                if (limited.compareTo(projected) > 0) {
                    projected = limited;
                }
            }
        }
        return new Estimate(sampled, sampledIds, sampledRows, Duration.ofNanos(nanos), remaining, sweep, projected);
    }

    private void say(String line) {
        progress.breakLine();
        out.println(line);
    }

    /**
     * Ends the run at a batch boundary. Recorded and printed here, before the shutdown hook of a
     * Ctrl-C lets the JVM exit.
     */
    private MigrationException stopped(String why, KeysetPass pass) {
        long rows = pass == null ? 0 : pass.rows();
        long batches = pass == null ? 0 : pass.batches();
        String message = "backfill " + why + ": " + rows + " rows updated in " + batches
                + " batches this run; the checkpoint is saved, run backfill again to resume";
        say(message);
        Optional.ofNullable(state).ifPresent(s -> s.history("backfill", null, "stopped", message));
        return new MigrationException(ExitCode.STOPPED_RESUMABLE, message);
    }
}
