package org.namelog.spring;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * The connections the phase follower and the heartbeat use: a small pool of their own, with the
 * application's connection settings, so that requests holding every connection of the application's
 * pool cannot keep the phase from being read (the lease would run out and every call be refused).
 *
 * <p>Made from the application's pool when it is HikariCP (Spring Boot's default); with any other
 * pool the application's own is used, with a warning at start-up.
 */
final class FleetDataSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetDataSource.class);
    private static final boolean HIKARI = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            FleetDataSource.class.getClassLoader());

    private final DataSource dataSource;
    private final AutoCloseable owned;

    private FleetDataSource(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    static FleetDataSource of(DataSource application, Duration lease, String instanceId) {
        if (HIKARI) {
            FleetDataSource own = Hikari.copy(application, lease, instanceId);
            if (own != null) {
                return own;
            }
        }
        log.warn("the application's DataSource is not a HikariCP pool: the phase follower and the heartbeat share it;"
                + " size it so that requests never hold every connection, or the lease runs out");
        return new FleetDataSource(application, null);
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.warn("closing the fleet's connections failed: {}", e.toString());
            }
        }
    }

    /** Kept apart so that the class loads without HikariCP on the classpath. */
    private static final class Hikari {

        static FleetDataSource copy(DataSource application, Duration lease, String instanceId) {
            com.zaxxer.hikari.HikariDataSource pool;
            try {
                if (!application.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                    return null;
                }
                pool = application.unwrap(com.zaxxer.hikari.HikariDataSource.class);
            } catch (SQLException e) {
                return null;
            }
            com.zaxxer.hikari.HikariConfig fleet = new com.zaxxer.hikari.HikariConfig();
            pool.copyStateTo(fleet);
            long leaseMillis = lease.toMillis();
            // one connection held for LISTEN, one for the phase read, one for the heartbeat
            fleet.setPoolName(instanceId + "-namelog-fleet");
            fleet.setMaximumPoolSize(3);
            fleet.setMinimumIdle(3);
            fleet.setMetricRegistry(null);
            fleet.setMetricsTrackerFactory(null);
            fleet.setHealthCheckRegistry(null);
            // a read that cannot finish within the lease is of no use
            fleet.setConnectionTimeout(Math.max(250, leaseMillis / 2));
            fleet.addDataSourceProperty("socketTimeout", Long.toString(Math.max(2, (2 * leaseMillis + 999) / 1000)));
            fleet.setInitializationFailTimeout(-1);
            com.zaxxer.hikari.HikariDataSource own = new com.zaxxer.hikari.HikariDataSource(fleet);
            return new FleetDataSource(own, own);
        }
    }
}
