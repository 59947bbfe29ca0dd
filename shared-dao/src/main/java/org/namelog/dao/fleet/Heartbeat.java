package org.namelog.dao.fleet;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in {@code namelog_instances} that this instance is alive, which paths it uses right now,
 * and its lease ({@code lease_ms}), so that the {@link PhaseGate} can wait for it. Beats on a
 * daemon thread at the flag source's poll interval, and at once whenever the flag source changes
 * paths or staleness.
 *
 * <p>Give it the flag source's own {@link DataSource} (not the request pool): a heartbeat that
 * waits behind requests lets the instance's lease run out.
 *
 * <p>Once started, the flag source's lease also counts from the last heartbeat written: an
 * instance the gate cannot see serves no call. Failures to write (database unreachable) are
 * logged and retried at the next beat; the gate stops waiting for an instance whose heartbeat
 * stopped once its TTL (or its lease, if longer) has passed, and by then the instance refuses
 * calls. An {@link Error} on the heartbeat thread ends it: {@link #failure()} reports why, and the
 * lease runs out. {@link #close()} removes the row, so a cleanly stopped instance stops counting at once.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final FleetSessions sessions;
    private final DatabaseFlagSource flags;
    private final InstanceIdentity identity;
    private final OffsetDateTime startedAt = OffsetDateTime.now();
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;
    private volatile boolean closed;
    private volatile Throwable failure;
    /** A fault injected before each scheduled beat (tests of a dying thread); nothing by default. */
    private volatile Runnable beforeScheduledBeat = () -> { };

    private Heartbeat(DataSource dataSource, DatabaseFlagSource flags, InstanceIdentity identity) {
        this.sessions = new FleetSessions(dataSource);
        this.flags = flags;
        this.identity = identity;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "namelog-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Beats once now (best effort), then every poll interval of {@code flags}.
     *
     * @param dataSource connections of the fleet's own: the same small pool as {@code flags}'
     */
    public static Heartbeat start(DataSource dataSource, DatabaseFlagSource flags, InstanceIdentity identity) {
        Heartbeat heartbeat = new Heartbeat(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(flags, "flags"), Objects.requireNonNull(identity, "identity"));
        flags.heartbeatAttached();
        heartbeat.beat();
        long millis = flags.config().pollInterval().toMillis();
        heartbeat.scheduler.scheduleWithFixedDelay(heartbeat::scheduledBeat, millis, millis, TimeUnit.MILLISECONDS);
        flags.onChange(heartbeat::beat);
        return heartbeat;
    }

    /** The identity this heartbeat reports. */
    public InstanceIdentity identity() {
        return identity;
    }

    /** What ended the heartbeat thread, if something did (no heartbeat is written any more). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether it still beats (false once closed, or after {@link #failure()}). */
    public boolean running() {
        return failure == null && !closed && !scheduler.isShutdown();
    }

    /**
     * Writes the row now.
     *
     * @return whether it was written
     */
    public synchronized boolean beat() {
        if (closed) {
            return false;
        }
        // read the state inside the lock: the last beat written always carries the newest state
        FlagState state = flags.state();
        long sentAt = System.nanoTime();
        try {
            sessions.autoCommit(m -> m.upsertInstance(identity, state.phase().name(), state.paths().read().name(),
                    state.paths().write().name(), state.stale(), startedAt, flags.config().lease().toMillis()));
            flags.heartbeatConfirmed(sentAt);
            if (failing) {
                log.info("heartbeat of {} written again", identity.instanceId());
            }
            failing = false;
            return true;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("cannot write the heartbeat of {} ({}); retrying every {}", identity.instanceId(),
                        FleetSessions.reason(e), flags.config().pollInterval());
            }
            failing = true;
            return false;
        }
    }

    /** Stops beating and removes this instance's row (best effort). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            try {
                sessions.autoCommit(m -> m.deleteInstance(identity.instanceId()));
            } catch (RuntimeException e) {
                log.warn("cannot remove the heartbeat row of {} ({}); it stops counting after its TTL",
                        identity.instanceId(), FleetSessions.reason(e));
            }
        }
    }

    /** For tests: runs {@code fault} before each scheduled beat, on the heartbeat thread. */
    void beforeScheduledBeat(Runnable fault) {
        this.beforeScheduledBeat = Objects.requireNonNull(fault, "fault");
    }

    /**
     * One scheduled beat. A scheduled task that throws is silently never run again, so nothing may
     * escape: exceptions are survived, an Error ends the heartbeat visibly.
     */
    private void scheduledBeat() {
        try {
            beforeScheduledBeat.run();
            beat();
        } catch (RuntimeException e) {
            log.warn("the heartbeat of {} failed unexpectedly: {}", identity.instanceId(), e.toString(), e);
        } catch (Throwable fatal) {
            failure = fatal;
            scheduler.shutdown();
            log.error("the heartbeat of {} stopped: {}; this instance refuses every call once its lease of {} has"
                    + " run out, and reports itself DOWN: restart it", identity.instanceId(), fatal.toString(),
                    flags.config().lease(), fatal);
        }
    }
}
