package org.namelog.dao.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Waits for {@code NOTIFY namelog_phase} (sent by the {@link PhaseGate} when it sets the phase) on
 * one connection held for the purpose, so an instance switches within milliseconds instead of a
 * poll interval. Plain JDBC on purpose: LISTEN binds to the session, waiting needs the driver's
 * {@link PGConnection}, and a MyBatis session would close the connection it was given.
 *
 * <p>Used by one thread only. Polling stays the source of truth: a notification only wakes the
 * poller early, and a lost one costs at most an interval.
 */
final class PhaseNotifications implements AutoCloseable {

    static final String CHANNEL = "namelog_phase";

    private final DataSource dataSource;
    private Connection connection;

    PhaseNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Waits up to {@code millis} for a notification, listening first if not listening yet.
     *
     * @return whether one arrived
     * @throws SQLException if the connection cannot be had or broke (it is released; call again to retry)
     */
    boolean await(int millis) throws SQLException {
        try {
            if (connection == null) {
                Connection c = dataSource.getConnection();
                connection = c;
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
            }
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(millis);
            return notifications != null && notifications.length > 0;
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection: the pool discards it
            }
            connection = null;
        }
    }
}
