package org.namelog.dao.fleet;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in {@code namelog_instances} that this instance is alive and which paths it uses right
 * now, so that the {@link PhaseGate} can wait for it. Beats on a daemon thread at the flag
 * source's poll interval, and at once whenever the flag source changes paths or staleness.
 *
 * <p>Failures to beat (database unreachable, state tables not created yet) are logged and
 * otherwise ignored: the gate stops waiting for an instance whose heartbeat stopped once its TTL
 * has passed. {@link #close()} removes the row, so a cleanly stopped instance stops counting at once.
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

    /** Beats once now (best effort), then every poll interval of {@code flags}. */
    public static Heartbeat start(DataSource dataSource, DatabaseFlagSource flags, InstanceIdentity identity) {
        Heartbeat heartbeat = new Heartbeat(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(flags, "flags"), Objects.requireNonNull(identity, "identity"));
        heartbeat.beat();
        long millis = flags.config().pollInterval().toMillis();
        heartbeat.scheduler.scheduleWithFixedDelay(heartbeat::beat, millis, millis, TimeUnit.MILLISECONDS);
        flags.onChange(heartbeat::beat);
        return heartbeat;
    }

    /** The identity this heartbeat reports. */
    public InstanceIdentity identity() {
        return identity;
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
        try {
            sessions.autoCommit(m -> m.upsertInstance(identity, state.phase().name(), state.paths().read().name(),
                    state.paths().write().name(), state.stale(), startedAt));
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
}
