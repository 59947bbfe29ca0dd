package org.namelog.spring;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.namelog.dao.flag.FlagSource;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.FlagState;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;

/**
 * This application's place in the fleet: it follows the phase in the database and reports itself
 * in the heartbeat table, from start until the context closes (which removes its heartbeat row).
 * Both run on connections of their own ({@link FleetDataSource}), so that a saturated request pool
 * cannot starve the phase read and let the lease run out.
 *
 * <p>The only place where the starter wires the fleet's coordination; the DAO, the health and info
 * contributors read the phase through it.
 */
public final class FleetMembership implements AutoCloseable {

    private final FleetDataSource connections;
    private final DatabaseFlagSource flags;
    private final Heartbeat heartbeat;
    private final InstanceIdentity identity;

    private FleetMembership(FleetDataSource connections, DatabaseFlagSource flags, Heartbeat heartbeat,
            InstanceIdentity identity) {
        this.connections = connections;
        this.flags = flags;
        this.heartbeat = heartbeat;
        this.identity = identity;
    }

    /**
     * Reads the phase (failing if it cannot: an instance never guesses its phase) and starts
     * following it and beating, on connections of its own made from {@code application}'s settings.
     */
    public static FleetMembership start(DataSource application, FlagSourceConfig config, InstanceIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        FleetDataSource connections = FleetDataSource.of(application, config.lease(), identity.instanceId());
        DatabaseFlagSource flags = null;
        try {
            flags = DatabaseFlagSource.start(connections.dataSource(), config);
            return new FleetMembership(connections, flags, Heartbeat.start(connections.dataSource(), flags, identity),
                    identity);
        } catch (RuntimeException e) {
            if (flags != null) {
                flags.close();
            }
            connections.close();
            throw e;
        }
    }

    /** What the DAO follows: the phase's paths, the lease, the {@code name} table's generation. */
    public FlagSource flagSource() {
        return flags;
    }

    /** The phase, paths and staleness now. */
    public FlagState state() {
        return flags.state();
    }

    /**
     * Whether this instance may serve: it follows the phase, beats, and its lease holds (see
     * {@link FlagSourceConfig#lease()}); if not, every DAO call is refused.
     */
    public boolean serving() {
        return flags.leaseHeld() && flags.following() && heartbeat.running();
    }

    /** How long ago the phase was last confirmed, if ever. */
    public Optional<Duration> sinceConfirmed() {
        return flags.sinceConfirmed();
    }

    public InstanceIdentity identity() {
        return identity;
    }

    /** The flag source's configuration (poll interval, lease, read pin). */
    public FlagSourceConfig config() {
        return flags.config();
    }

    /** Stops beating (removing the heartbeat row), then stops following the phase and closes its connections. */
    @Override
    public void close() {
        try {
            heartbeat.close();
        } finally {
            try {
                flags.close();
            } finally {
                connections.close();
            }
        }
    }
}
