package org.namelog.bench.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.namelog.bench.BenchmarkException;

/**
 * The PostgreSQL server a benchmark runs on: an embedded one it starts itself (the default), or an
 * existing server given by a JDBC URL. The benchmark creates and drops its own databases there.
 */
public final class PostgresTarget implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Settings of the embedded server, on top of zonky's own (fsync and synchronous_commit off).
     * Full-page writes stay on, so WAL bytes include the full-page images production writes.
     * Checkpoints are spread out so that only the ones the benchmark asks for fall inside a
     * measurement. The report prints the settings in force.
     */
    public static final Map<String, String> EMBEDDED_SETTINGS = Map.of(
            "max_connections", "60",
            "shared_buffers", "256MB",
            "max_wal_size", "8GB",
            "checkpoint_timeout", "30min",
            "maintenance_work_mem", "128MB");

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String description;
    private final AutoCloseable lifecycle;

    private PostgresTarget(String host, int port, String user, String password, String description,
            AutoCloseable lifecycle) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.lifecycle = lifecycle;
    }

    /** Starts an embedded PostgreSQL (as root, zonky runs it under {@code unshare -U}). */
    public static PostgresTarget embedded() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120));
            EMBEDDED_SETTINGS.forEach(builder::setServerConfig);
            EmbeddedPostgres pg = builder.start();
            return new PostgresTarget("localhost", pg.getPort(), "postgres", "",
                    "embedded PostgreSQL on port " + pg.getPort(), pg);
        } catch (IOException | RuntimeException e) {
            throw new BenchmarkException("could not start the embedded PostgreSQL: " + e.getMessage()
                    + " (as root it needs the unshare command; or pass --jdbc-url of a running server)", e);
        }
    }

    /**
     * An existing server. The database in the URL is only used to connect; the benchmark creates
     * its own databases beside it (the user needs CREATEDB).
     */
    public static PostgresTarget external(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new BenchmarkException("--jdbc-url must look like jdbc:postgresql://host:port/database but was "
                    + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        PostgresTarget target = new PostgresTarget(uri.getHost(), port, user, password == null ? "" : password,
                "PostgreSQL at " + uri.getHost() + ":" + port, () -> { });
        try (Connection c = target.connect("postgres")) {
            return target;
        } catch (SQLException e) {
            throw new BenchmarkException("cannot connect to " + jdbcUrl + " as " + user + ": " + e.getMessage()
                    + " (check the URL, --user and NAMELOG_PASSWORD/PGPASSWORD)", e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** The server's version, as {@code SHOW server_version} says it. */
    public String serverVersion() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new BenchmarkException("cannot read the server version of " + this + ": " + e.getMessage(), e);
        }
    }

    /** The settings that shape the figures, as {@code name=value} pairs. */
    public String settings() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)"
                        + " FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes',"
                        + " 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'autovacuum', 'work_mem')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new BenchmarkException("cannot read the settings of " + this + ": " + e.getMessage(), e);
        }
    }

    /** Creates a database, dropping one of that name first; a copy of {@code template} if given. */
    public void createDatabase(String name, String template) {
        requireName(name);
        dropDatabase(name);
        String sql = template == null
                ? "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0"
                : "CREATE DATABASE " + name + " TEMPLATE " + requireName(template);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new BenchmarkException("cannot create database " + name + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Drops a database if it exists, ending its sessions first. */
    public void dropDatabase(String name) {
        requireName(name);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND pid <> pg_backend_pid()");
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            throw new BenchmarkException("cannot drop database " + name + " on " + this + ": " + e.getMessage(), e);
        }
    }

    private static String requireName(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + " but was " + name);
        }
        return name;
    }

    @Override
    public void close() {
        try {
            lifecycle.close();
        } catch (Exception e) {
            throw new BenchmarkException("stopping " + this + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
