package org.namelog.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import org.namelog.schema.SchemaScripts;
import org.namelog.testbed.Dataset;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;

/**
 * The demo's PostgreSQL: an embedded server it starts itself (through testbed's one launcher), or
 * an existing one. Either way the demo works in a database of its own, which it creates.
 */
public final class DemoDatabase implements AutoCloseable {

    /** Distinct names of the preloaded rows. */
    static final int NAMES = 20_000;

    private final Postgres server;
    private final boolean ownsServer;
    private final String database;

    private DemoDatabase(Postgres server, boolean ownsServer, String database) {
        this.server = server;
        this.ownsServer = ownsServer;
        this.database = database;
    }

    /**
     * Starts an embedded PostgreSQL with its shipped durability (fsync and synchronous_commit on),
     * so that what the demo reports is what production would see.
     */
    public static DemoDatabase embedded(String database) {
        return create(Postgres.embedded(Durability.SHIPPED).setting("max_connections", "200")
                .setting("shared_buffers", "256MB").setting("max_wal_size", "4GB").start(), true, database);
    }

    /**
     * An embedded PostgreSQL whose data lives in {@code dataDirectory}, so that it can be stopped
     * and started again on the same port with everything it had ({@link #stopServer()},
     * {@link #startServer()}): a database restart, for the fault tests.
     */
    public static DemoDatabase restartable(String database, java.nio.file.Path dataDirectory) {
        return create(Postgres.embedded(Durability.FAST).setting("max_connections", "200")
                .dataDirectory(dataDirectory).start(), true, database);
    }

    /** Uses an existing server; {@code serverUrl} names it (its database is only used to connect). */
    public static DemoDatabase external(String serverUrl, String user, String password, String database) {
        return create(Postgres.external(serverUrl, user, password), false, database);
    }

    private static DemoDatabase create(Postgres server, boolean ownsServer, String database) {
        try {
            if (server.databaseExists(database)) {
                throw new IllegalStateException("database " + database + " already exists on " + server
                        + ": drop it, or name another with --database");
            }
            server.createDatabase(database, null);
            return new DemoDatabase(server, ownsServer, database);
        } catch (RuntimeException e) {
            if (ownsServer) {
                server.close();
            }
            throw e;
        }
    }

    /** The rows the demo preloads: {@code rows} of testbed's dataset, NULL and accented names mixed in. */
    static Dataset dataset(long rows) {
        return new Dataset(Math.max(1, rows), NAMES).withEdgeCases();
    }

    /** Stops a {@linkplain #restartable restartable} server (fast shutdown: sessions are ended). */
    public void stopServer() {
        server.stop();
    }

    /** Starts a {@linkplain #restartable restartable} server again, on its port, with its data. */
    public void startServer() {
        server.restart();
    }

    public String jdbcUrl() {
        return server.jdbcUrl(database);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public Connection connect() throws SQLException {
        return server.connect(database);
    }

    /** The legacy schema, the coordination tables, and {@code rows} rows of {@link #dataset(long)}. */
    public void load(long rows, LongConsumer progress) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(SchemaScripts.load().forward(1).sql());
            s.execute(resource("db/state/namelog_state.sql"));
            if (rows > 0) {
                dataset(rows).load(c, progress);
            }
        }
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public String serverVersion() {
        return server.serverVersion();
    }

    /** The server settings that shape the figures (durability first), for the report. */
    public String durabilitySettings() {
        return server.durabilitySettings();
    }

    /** Table, index and name-table sizes now. */
    public Report.Sizes sizes() throws SQLException {
        return new Report.Sizes(queryLong("SELECT pg_table_size('namelog')"),
                queryLong("SELECT pg_indexes_size('namelog')"),
                queryLong("SELECT coalesce(pg_total_relation_size(to_regclass('name')), 0)"));
    }

    private static String resource(String path) {
        try (InputStream in = DemoDatabase.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (ownsServer) {
            server.close();
        }
    }
}
