package org.namelog.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;

/**
 * The one PostgreSQL server a test JVM uses, started on first use and stopped when the JVM exits.
 *
 * <p>Which server, in this order:
 *
 * <ol>
 *   <li>{@code NAMELOG_TEST_JDBC_URL} set: that server (any database on it; the tests create
 *       their own). User and password from {@code NAMELOG_TEST_USER}/{@code NAMELOG_TEST_PASSWORD},
 *       else {@code PGUSER}/{@code PGPASSWORD}, else {@code postgres} with no password.
 *   <li>{@code NAMELOG_TEST_POSTGRES=testcontainers}: a {@code postgres:<major>} container (needs
 *       Docker).
 *   <li>Otherwise an embedded PostgreSQL (zonky), of the version the build chose: the current
 *       release by default, 12 with {@code -Ppg12}.
 * </ol>
 *
 * <p>If the server cannot be reached or started, every test that needs it fails with this
 * reason: none is skipped.
 */
public final class PostgresServer {

    private static final AtomicInteger databases = new AtomicInteger();
    private static volatile PostgresServer instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String description;
    private final AutoCloseable lifecycle;

    private PostgresServer(String host, int port, String user, String password, String description,
            AutoCloseable lifecycle) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.lifecycle = lifecycle;
    }

    /** The server of this JVM, started on first call. */
    public static PostgresServer get() {
        PostgresServer server = instance;
        if (server == null) {
            synchronized (PostgresServer.class) {
                server = instance;
                if (server == null) {
                    server = start();
                    instance = server;
                    PostgresServer started = server;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-test-server-stop"));
                }
            }
        }
        return server;
    }

    private static PostgresServer start() {
        String url = System.getenv("NAMELOG_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        String mode = System.getenv().getOrDefault("NAMELOG_TEST_POSTGRES", "embedded").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "embedded" -> embedded();
            case "testcontainers" -> TestcontainersServer.start(majorVersion());
            default -> throw new IllegalStateException("NAMELOG_TEST_POSTGRES=" + mode
                    + " is not known: use embedded (the default) or testcontainers, or set NAMELOG_TEST_JDBC_URL");
        };
    }

    static PostgresServer of(String host, int port, String user, String password, String description,
            AutoCloseable lifecycle) {
        return new PostgresServer(host, port, user, password, description, lifecycle);
    }

    /** The PostgreSQL major version the build asked for (18 by default, 12 with -Ppg12). */
    public static String majorVersion() {
        return System.getProperty("namelog.test.postgres.major", "18");
    }

    private static PostgresServer external(String url) {
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        String user = firstSet("NAMELOG_TEST_USER", "PGUSER", "postgres");
        String password = firstSet("NAMELOG_TEST_PASSWORD", "PGPASSWORD", "");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        PostgresServer server = new PostgresServer(uri.getHost(), port, user, password,
                "external server " + uri.getHost() + ":" + port, () -> { });
        try (Connection c = server.connect("postgres")) {
            return server;
        } catch (SQLException e) {
            throw new IllegalStateException("NAMELOG_TEST_JDBC_URL=" + url + " cannot be reached as user " + user
                    + ": " + e.getMessage() + " (fix the URL or credentials, or unset it to use an embedded server)", e);
        }
    }

    private static PostgresServer embedded() {
        // fast durability: a test suite has no reason to wait for fsync (benchmarks use SHIPPED)
        Postgres pg = Postgres.embedded(Durability.FAST).setting("max_connections", "300").start();
        return new PostgresServer(pg.host(), pg.port(), pg.user(), pg.password(), pg.toString(), pg);
    }

    private static String firstSet(String first, String second, String fallback) {
        String value = System.getenv(first);
        if (value == null || value.isEmpty()) {
            value = System.getenv(second);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
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

    @Override
    public String toString() {
        return description;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates an empty database with a unique name starting with {@code prefix}. */
    public String createDatabase(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                + ProcessHandle.current().pid() + "_" + databases.incrementAndGet());
        if (name.length() > 60) {
            name = name.substring(name.length() - 60).replaceFirst("^_+", "");
            name = "t" + name;
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Drops a database, ending its sessions first. */
    public void dropDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            lifecycle.close();
        } catch (Exception e) {
            System.err.println("stopping " + this + " failed: " + e);
        }
    }
}
