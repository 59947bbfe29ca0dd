package org.namelog.migration.backfill;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.namelog.migration.Database;
import org.namelog.migration.Durations;

/**
 * What holds or paces the workers, looked at about once a second on a connection of its own (not
 * per batch): {@code pause}, the time window, the replica lag, and the fleet epoch; plus the rate
 * limit and the pause between batches, which each worker applies after its batch.
 *
 * <p>It also looks whether others write namelog. A row a batch changed stays locked until the
 * batch commits, so a writer of that row waits up to a batch's duration. Looked at five times a
 * second (a transaction of another session holding ROW EXCLUSIVE on namelog, or waiting on a
 * worker): from the start until {@value #CALM_SECONDS} s have passed without seeing a writer,
 * batches are sized to half of {@code --max-writer-wait}; only then to
 * {@code --target-batch-duration}. Isolated, that costs the first seconds' batches being short.
 * Waits alone were not enough: on short batches they are brief, and a run of samples that missed
 * them let 500 ms batches back in while writers ran (max latency 543 ms under pgbench).
 */
final class Throttle implements AutoCloseable {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration WRITER_POLL = Duration.ofMillis(200);
    static final int CALM_SECONDS = 3;

    private final Database database;
    private final BackfillSettings settings;
    private final Consumer<String> say;
    private final StopSignal stop;
    private final Clock clock;
    private final String direction;
    private final long epoch;
    private final ReplicaLag lag;
    private final BackfillObserver observer;
    private BatchSession session;
    private Thread poller;
    private volatile boolean closed;
    private volatile String hold;
    private volatile String stopReason;
    private volatile RuntimeException failure;
    private long nextFreeNanos = System.nanoTime();
    /** The workers' sessions: their own ROW EXCLUSIVE locks are not writers to watch for. */
    private final Set<Integer> workerPids = ConcurrentHashMap.newKeySet();
    private volatile long contendedUntilNanos = System.nanoTime() + Duration.ofSeconds(CALM_SECONDS).toNanos();
    /** What was last said: that others write (true), that nobody did for a while (false), nothing yet (null). */
    private Boolean saidContended;

    Throttle(Database database, BackfillSettings settings, Consumer<String> say, StopSignal stop, Clock clock,
            String direction, long epoch, BackfillObserver observer) {
        this.database = database;
        this.settings = settings;
        this.say = say;
        this.stop = stop;
        this.clock = clock;
        this.direction = direction;
        this.epoch = epoch;
        this.observer = observer;
        this.lag = settings.maxReplicaLagBytes() > 0
                ? new ReplicaLag(settings.maxReplicaLagBytes(), database.settings().user()) : null;
    }

    /** Looks once now (so a refusal or a pause comes before the first batch), then every second. */
    void start() {
        session = BatchSession.plain(database, settings);
        poll();
        if (failure != null) {
            throw failure;
        }
        int writerPollsPerPoll = (int) (POLL.toMillis() / WRITER_POLL.toMillis());
        poller = new Thread(() -> {
            for (int tick = 1; !closed && !stop.requested(); tick++) {
                Pause.sleep(WRITER_POLL, stop);
                if (closed || stop.requested()) {
                    break;
                }
                if (tick % writerPollsPerPoll == 0) {
                    poll();
                } else {
                    watchWriters();
                }
            }
        }, "namelog-backfill-throttle");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            String why = session.call(this::holdReason);
            String was = hold;
            if (why != null && (was == null || why.contains("stalled") && !was.contains("stalled"))) {
                say.accept(why);
            } else if (why == null && was != null) {
                say.accept("going on with the " + direction + " backfill");
            }
            hold = why;
            observer.holding(why != null);
            if (lag != null) {
                observer.replicaLagBytes(lag.worstBytes());
            }
            watchWriters();
        } catch (StopRequested e) {
            stopReason = e.getMessage();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private String holdReason(BackfillMapper m) {
        if (m.fleetEpoch() != epoch) {
            throw new StopRequested("stopped: the fleet epoch changed while it ran (a step back?); run backfill again,"
                    + " it starts over from the first id");
        }
        if (Boolean.TRUE.equals(m.paused())) {
            return "paused (namelog-migrate pause): waiting; run namelog-migrate resume to go on";
        }
        TimeWindow window = settings.window();
        ZonedDateTime now = ZonedDateTime.now(clock);
        if (window != null && !window.contains(now)) {
            String opens = Durations.format(Duration.ofSeconds(window.untilOpen(now).toSeconds()));
            if (settings.stopOutsideWindow()) {
                throw new StopRequested("outside the window " + window + " (it opens in " + opens + ")");
            }
            return "outside the window " + window + ": waiting " + opens + " until it opens";
        }
        String behind = lag == null ? null : lag.check(m);
        return behind == null ? null : behind + ": waiting";
    }

    /** A worker's session, whose locks writers may wait on. */
    void watch(BatchSession worker) {
        workerPids.add(worker.pid());
    }

    /**
     * The batch duration the workers steer towards now: half of {@code --max-writer-wait} (a writer
     * may come just as a batch begins, and commits take their time) until writers have been seen
     * not to wait for a while.
     */
    Duration batchTarget() {
        Duration writers = settings.writerBound();
        if (System.nanoTime() < contendedUntilNanos && writers.compareTo(settings.targetBatchDuration()) < 0) {
            return writers;
        }
        return settings.targetBatchDuration();
    }

    private void watchWriters() {
        if (workerPids.isEmpty()) {
            return;
        }
        int waiting;
        try {
            waiting = session.call(m -> m.writersBesides(workerPids.toArray(new Integer[0])));
        } catch (RuntimeException e) {
            failure = e;
            return;
        }
        long now = System.nanoTime();
        if (waiting > 0) {
            contendedUntilNanos = now + Duration.ofSeconds(CALM_SECONDS).toNanos();
        }
        boolean contended = now < contendedUntilNanos;
        if (waiting > 0 && !Boolean.TRUE.equals(saidContended)) {
            say.accept("others write namelog: batches sized to half of --max-writer-wait "
                    + Durations.format(settings.maxWriterWait()) + " while they do (a writer of a row a batch"
                    + " holds waits for the batch)");
            saidContended = true;
        } else if (!contended && !Boolean.FALSE.equals(saidContended)) {
            say.accept("nobody else wrote namelog for " + CALM_SECONDS + "s: batches sized to"
                    + " --target-batch-duration " + Durations.format(settings.targetBatchDuration()));
            saidContended = false;
        }
    }

    /** Returns when the workers may run their next batch; throws when the run must end. */
    void awaitGo() {
        while (true) {
            if (stop.requested()) {
                throw new StopRequested("stopped by request after the last batch");
            }
            if (failure != null) {
                throw failure;
            }
            if (stopReason != null) {
                throw new StopRequested(stopReason);
            }
            if (hold == null) {
                return;
            }
            Pause.sleep(Duration.ofMillis(50), stop);
        }
    }

    /**
     * After a batch that began at {@code startNanos} and changed {@code rows}: waits as long as the
     * rate limit (shared by all workers) and the pause between batches ask.
     */
    void afterBatch(long rows, long startNanos) {
        long wait = settings.pauseBetweenBatches().toNanos();
        if (settings.maxRowsPerSecond() > 0 && rows > 0) {
            long cost = rows * 1_000_000_000L / settings.maxRowsPerSecond();
            long due;
            synchronized (this) {
                nextFreeNanos = Math.max(nextFreeNanos, startNanos) + cost;
                due = nextFreeNanos;
            }
            wait = Math.max(wait, due - System.nanoTime());
        }
        if (wait > 0) {
            Pause.sleep(Duration.ofNanos(wait), stop);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            try {
                poller.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (session != null) {
            session.close();
        }
    }
}
