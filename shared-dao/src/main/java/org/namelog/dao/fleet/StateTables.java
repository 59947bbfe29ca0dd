package org.namelog.dao.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.namelog.dao.NameLogDaoException;

/**
 * Creates the coordination tables ({@code db/state/namelog_state.sql}) if they are missing.
 * Idempotent; the migration tool runs it before its first step.
 */
public final class StateTables {

    static final String SCRIPT = "db/state/namelog_state.sql";

    private StateTables() {}

    public static void create(DataSource dataSource) {
        String sql;
        try (InputStream in = StateTables.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new NameLogDaoException(SCRIPT + " is missing from the classpath: the shared-dao jar is broken");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NameLogDaoException("cannot read " + SCRIPT + ": " + e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(sql);
        } catch (SQLException e) {
            throw new NameLogDaoException("cannot create the coordination tables: " + e.getMessage(), e);
        }
    }
}
