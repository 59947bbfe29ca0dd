package org.namelog.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.namelog.testing.PostgresServer;

/** A database with nothing in it, on the test JVM's PostgreSQL; dropped on close. */
record EmptyDatabase(PostgresServer server, String name) implements AutoCloseable {

    static EmptyDatabase create(String label) {
        PostgresServer server = PostgresServer.get();
        return new EmptyDatabase(server, server.createDatabase(label));
    }

    String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    String user() {
        return server.user();
    }

    String password() {
        return server.password();
    }

    Connection connect() throws SQLException {
        return server.connect(name);
    }

    long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
