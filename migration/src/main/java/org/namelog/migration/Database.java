package org.namelog.migration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections for the tool. Every session is named in {@code application_name}, so
 * {@code pg_stat_activity} (and a second run that finds the lock taken) can tell who it is.
 */
public final class Database {

    private final ConnectionSettings settings;
    private final String applicationName;
    private final String operator;

    public Database(ConnectionSettings settings, String command) {
        this.settings = settings;
        this.operator = System.getProperty("user.name") + "@" + hostName();
        String name = "namelog-migrate " + command + " " + operator;
        this.applicationName = name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Who runs the tool: OS user at host (written to the history). */
    public String operator() {
        return operator;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** A new connection in auto-commit mode. Fails with {@link ExitCode#DATABASE_UNREACHABLE}. */
    public Connection connect() {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "10");
        try {
            return DriverManager.getConnection(settings.jdbcUrl(), props);
        } catch (SQLException e) {
            // The driver's message may quote the URL: it goes through the one redaction like the URL itself.
            throw MigrationException.unreachable("cannot connect to " + settings.describe() + ": "
                    + Redaction.redact(e.getMessage()) + " (check the URL, --user and NAMELOG_PASSWORD/PGPASSWORD)", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
