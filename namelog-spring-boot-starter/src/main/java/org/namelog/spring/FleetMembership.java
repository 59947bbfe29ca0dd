package org.namelog.spring;

import java.util.Objects;
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
 *
 * <p>The only place where the starter wires the fleet's coordination; the DAO, the health and info
 * contributors read the phase through it.
 */
public final class FleetMembership implements FlagSource, AutoCloseable {

    private final DatabaseFlagSource flags;
    private final Heartbeat heartbeat;
    private final InstanceIdentity identity;

    private FleetMembership(DatabaseFlagSource flags, Heartbeat heartbeat, InstanceIdentity identity) {
        this.flags = flags;
        this.heartbeat = heartbeat;
        this.identity = identity;
    }

    /**
     * Reads the phase (failing if it cannot: an instance never guesses its phase) and starts
     * following it and beating.
     */
    public static FleetMembership start(DataSource dataSource, FlagSourceConfig config, InstanceIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        DatabaseFlagSource flags = DatabaseFlagSource.start(dataSource, config);
        try {
            return new FleetMembership(flags, Heartbeat.start(dataSource, flags, identity), identity);
        } catch (RuntimeException e) {
            flags.close();
            throw e;
        }
    }

    @Override
    public org.namelog.dao.flag.Paths current() {
        return flags.current();
    }

    /** The phase, paths and staleness now. */
    public FlagState state() {
        return flags.state();
    }

    public InstanceIdentity identity() {
        return identity;
    }

    /** The flag source's configuration (poll interval, read pin). */
    public FlagSourceConfig config() {
        return flags.config();
    }

    /** Stops beating (removing the heartbeat row), then stops following the phase. */
    @Override
    public void close() {
        try {
            heartbeat.close();
        } finally {
            flags.close();
        }
    }
}
