package org.namelog.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import org.namelog.schema.SchemaScripts;

/**
 * The demo's PostgreSQL: an embedded server it starts itself, or an existing one. Either way the
 * demo works in a database of its own, which it creates.
 */
public final class DemoDatabase implements AutoCloseable {

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String database;
    private EmbeddedPostgres embedded;
    private final java.nio.file.Path dataDirectory;

    private DemoDatabase(String serverUrl, String user, String password, String database, EmbeddedPostgres embedded) {
        this(serverUrl, user, password, database, embedded, null);
    }

    private DemoDatabase(String serverUrl, String user, String password, String database, EmbeddedPostgres embedded,
            java.nio.file.Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.database = database;
        this.embedded = embedded;
    }

    /** Starts an embedded PostgreSQL (as root, zonky runs it under {@code unshare -U}). */
    public static DemoDatabase embedded(String database) throws IOException {
        EmbeddedPostgres pg = server(null, 0).start();
        DemoDatabase db = new DemoDatabase("jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres", "", database, pg);
        db.create();
        return db;
    }

    /**
     * An embedded PostgreSQL whose data lives in {@code dataDirectory}, so that it can be stopped
     * and started again on the same port with everything it had ({@link #stopServer()},
     * {@link #startServer()}): a database restart, for the fault tests.
     */
    public static DemoDatabase restartable(String database, java.nio.file.Path dataDirectory) throws IOException {
        EmbeddedPostgres pg = server(dataDirectory, 0).start();
        DemoDatabase db = new DemoDatabase("jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres", "", database,
                pg, dataDirectory);
        db.create();
        return db;
    }

    private static EmbeddedPostgres.Builder server(java.nio.file.Path dataDirectory, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "4GB");
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    /** Stops a {@linkplain #restartable restartable} server (fast shutdown: sessions are ended). */
    public void stopServer() throws IOException {
        requireRestartable();
        embedded.close();
        embedded = null;
    }

    /** Starts a {@linkplain #restartable restartable} server again, on its port, with its data. */
    public void startServer() throws IOException {
        requireRestartable();
        int port = java.net.URI.create(serverUrl.substring("jdbc:".length())).getPort();
        embedded = server(dataDirectory, port).start();
    }

    private void requireRestartable() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a restartable embedded server can be stopped and started");
        }
    }

    /** Uses an existing server; {@code serverUrl} ends with the database to connect to for admin work. */
    public static DemoDatabase external(String serverUrl, String user, String password, String database) {
        String base = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1);
        DemoDatabase db = new DemoDatabase(base, user, password, database, null);
        db.create();
        return db;
    }

    private void create() {
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, password);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    throw new IllegalStateException("database " + database + " already exists on " + serverUrl
                            + ": drop it, or name another with --database");
                }
            }
            s.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on " + serverUrl + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return serverUrl + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** The legacy schema, the coordination tables, and {@code rows} rows named by {@link NameDistribution}. */
    public void load(long rows, LongConsumer progress) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(SchemaScripts.load().forward(1).sql());
            s.execute(resource("db/state/namelog_state.sql"));
            long chunk = 200_000;
            for (long from = 1; from <= rows; from += chunk) {
                long to = Math.min(rows, from + chunk - 1);
                s.execute("INSERT INTO namelog (id, name, status, \"timestamp\")"
                        + " SELECT i, " + NameDistribution.nameSql("i") + ", (i % 5)::int,"
                        + " now() - make_interval(secs => i) FROM generate_series(" + from + "::bigint, " + to + ") i");
                progress.accept(to);
            }
            s.execute("SELECT setval(pg_get_serial_sequence('namelog', 'id'), " + Math.max(1, rows) + ")");
            s.execute("VACUUM ANALYZE namelog");
        }
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public String serverVersion() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
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
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
