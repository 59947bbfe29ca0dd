package org.namelog.testbed;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server that the tests, the demo or the benchmarks work on: an embedded one started
 * here (zonky; as root it runs under {@code unshare -U}), or an existing one given by a JDBC URL.
 * Callers create databases of their own on it and drop them when done.
 *
 * <p>The one place that starts an embedded server, so that every program states its
 * {@link Durability} and reports the same settings.
 */
public final class Postgres implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String host;
    private final String user;
    private final String password;
    private final String description;
    private final Embedded embedded;
    private int port;

    private Postgres(String host, int port, String user, String password, String description, Embedded embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.embedded = embedded;
    }

    /** A builder of an embedded server with the given durability. */
    public static Builder embedded(Durability durability) {
        return new Builder(Objects.requireNonNull(durability, "durability"));
    }

    /**
     * An existing server, checked by connecting to its {@code postgres} database. The database in
     * the URL only names the server; databases are created beside it (the user needs CREATEDB).
     *
     * @throws PostgresException if the URL is not a PostgreSQL JDBC URL or the server cannot be reached
     */
    public static Postgres external(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new PostgresException("the JDBC URL must look like jdbc:postgresql://host:port/database but was "
                    + jdbcUrl, null);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        Postgres server = new Postgres(uri.getHost(), port, user, password == null ? "" : password,
                "PostgreSQL at " + uri.getHost() + ":" + port, null);
        try (Connection c = server.connect("postgres")) {
            return server;
        } catch (SQLException e) {
            throw new PostgresException("cannot connect to " + uri.getHost() + ":" + port + " as " + user + ": "
                    + e.getMessage() + " (check the URL, the user and the password)", e);
        }
    }

    /** Starts embedded servers. */
    public static final class Builder {
        private final Durability durability;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Path dataDirectory;

        private Builder(Durability durability) {
            this.durability = durability;
            settings.putAll(durability.settings());
        }

        /** A server setting on top of the durability's (applied in call order; a later one wins). */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Keeps the data in {@code directory}, so that {@link #stop()} and {@link #restart()} keep
         * everything (a database restart, for fault tests). Without it the data is thrown away.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Starts the server. */
        public Postgres start() {
            Embedded embedded = new Embedded(durability, Map.copyOf(settings), dataDirectory);
            int port = embedded.start(0);
            return new Postgres("localhost", port, "postgres", "",
                    "embedded PostgreSQL on port " + port + " (" + durability.name().toLowerCase(java.util.Locale.ROOT)
                            + " durability)", embedded);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The JDBC URL of one database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates an empty UTF-8 database, or a copy of {@code template} if it is not null. */
    public void createDatabase(String name, String template) {
        String sql = template == null
                ? "CREATE DATABASE " + requireName(name) + " ENCODING 'UTF8' TEMPLATE template0"
                : "CREATE DATABASE " + requireName(name) + " TEMPLATE " + requireName(template);
        admin(sql, "cannot create database " + name);
    }

    /** Whether a database of that name exists. */
    public boolean databaseExists(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + requireName(name) + "'")) {
            return rs.next();
        } catch (SQLException e) {
            throw new PostgresException("cannot look up database " + name + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Drops a database if it exists, ending its sessions first. */
    public void dropDatabase(String name) {
        requireName(name);
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                + "' AND pid <> pg_backend_pid()", "cannot end the sessions of database " + name);
        admin("DROP DATABASE IF EXISTS " + name, "cannot drop database " + name);
    }

    /** The server's version, as {@code SHOW server_version} says it. */
    public String serverVersion() {
        return queryString("SHOW server_version");
    }

    /** The settings that shape performance figures, as {@code name=value} pairs, for reports. */
    public String durabilitySettings() {
        return queryString("SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)"
                + " FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes',"
                + " 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'autovacuum', 'work_mem')");
    }

    /**
     * Stops an embedded server that keeps its data ({@link Builder#dataDirectory}): a fast
     * shutdown, which ends every session.
     */
    public void stop() {
        requireRestartable().stop();
    }

    /** Starts a stopped server again, on the same port, with its data. */
    public void restart() {
        port = requireRestartable().start(port);
    }

    /** Stops an embedded server (and deletes its data unless it has a data directory); no-op for an external one. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.stop();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private Embedded requireRestartable() {
        if (embedded == null || embedded.dataDirectory == null) {
            throw new IllegalStateException("only an embedded server with a data directory can be stopped and"
                    + " started again");
        }
        return embedded;
    }

    private void admin(String sql, String what) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new PostgresException(what + " on " + this + ": " + e.getMessage(), e);
        }
    }

    private String queryString(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new PostgresException("cannot query " + this + ": " + e.getMessage(), e);
        }
    }

    private static String requireName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a database name must match " + DATABASE_NAME + " but was " + name);
        }
        return name;
    }

    /** The zonky server behind an embedded {@link Postgres}. */
    private static final class Embedded {
        private final Durability durability;
        private final Map<String, String> settings;
        private final Path dataDirectory;
        private EmbeddedPostgres running;

        Embedded(Durability durability, Map<String, String> settings, Path dataDirectory) {
            this.durability = durability;
            this.settings = settings;
            this.dataDirectory = dataDirectory;
        }

        synchronized int start(int port) {
            if (running != null) {
                throw new IllegalStateException("the embedded server is already running");
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120));
            settings.forEach(builder::setServerConfig);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            try {
                running = builder.start();
                return running.getPort();
            } catch (IOException | RuntimeException e) {
                throw new PostgresException("could not start the embedded PostgreSQL (" + durability + "): "
                        + e.getMessage() + " (as root it needs the unshare command; or name an existing server)", e);
            }
        }

        synchronized void stop() {
            if (running == null) {
                return;
            }
            try {
                running.close();
            } catch (IOException e) {
                throw new PostgresException("could not stop the embedded PostgreSQL: " + e.getMessage(), e);
            } finally {
                running = null;
            }
        }
    }
}
