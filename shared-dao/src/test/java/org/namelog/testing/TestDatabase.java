package org.namelog.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.namelog.schema.SchemaScript;
import org.namelog.schema.SchemaScripts;

/**
 * A fresh database of its own for one test class, holding the legacy NameLog schema (V1) as
 * production does, trigger included. Dropped when the class is done.
 */
public final class TestDatabase implements AutoCloseable {

    /** The expand steps: Name table, name_id column, its index, the NOT VALID foreign key. */
    public static final int[] EXPAND = {2, 3, 4, 5};

    private static final SchemaScripts SCRIPTS = SchemaScripts.load();

    private final PostgresServer server;
    private final String name;
    private volatile HikariDataSource pool;

    private TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** A new database with the legacy schema. */
    public static TestDatabase createLegacy(String label) {
        PostgresServer server = PostgresServer.get();
        TestDatabase db = new TestDatabase(server, server.createDatabase(label));
        db.applyForward(1);
        return db;
    }

    public String name() {
        return name;
    }

    public PostgresServer server() {
        return server;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** A small pool on this database, shared by the class's tests. */
    public DataSource dataSource() {
        HikariDataSource ds = pool;
        if (ds == null) {
            synchronized (this) {
                ds = pool;
                if (ds == null) {
                    pool = ds = newPool("test-" + name, 16);
                }
            }
        }
        return ds;
    }

    /** A separate pool on this database (for a second DAO or service instance). Close it yourself. */
    public HikariDataSource newPool(String poolName, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(user());
        config.setPassword(password());
        config.setPoolName(poolName);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Applies the forward scripts of these versions, in the order given. */
    public void applyForward(int... versions) {
        for (int version : versions) {
            run(SCRIPTS.forward(version));
        }
    }

    /** Applies the undo scripts of these versions, in the order given. */
    public void applyUndo(int... versions) {
        for (int version : versions) {
            run(SCRIPTS.undo(version).orElseThrow(
                    () -> new IllegalArgumentException("step " + version + " has no undo script")));
        }
    }

    /** Expand (V2 to V5): the schema of DUAL_WRITE. */
    public void expand() {
        applyForward(EXPAND);
    }

    /** Expand, name nullable, contract: the schema after the legacy column is dropped. */
    public void expandAndContract() {
        expand();
        applyForward(6, 7, 8);
    }

    private void run(SchemaScript script) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(script.sql());
        } catch (SQLException e) {
            throw new IllegalStateException("schema file " + script.fileName() + " failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs statements, each committed on its own. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row, as a long (0 when NULL). */
    public long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every row, each as a list of column values as JDBC returns them. */
    public List<List<Object>> queryRows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
        server.dropDatabase(name);
    }

    @Override
    public String toString() {
        return name + " on " + server;
    }
}
