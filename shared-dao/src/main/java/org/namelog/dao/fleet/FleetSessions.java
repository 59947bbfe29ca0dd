package org.namelog.dao.fleet;

import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** The MyBatis sessions of the coordination statements (one factory per owner). */
final class FleetSessions {

    private final SqlSessionFactory factory;

    FleetSessions(DataSource dataSource) {
        Configuration configuration = new Configuration(
                new Environment("namelog-fleet", new JdbcTransactionFactory(), dataSource));
        // every read must see the database as it is now: the phase and heartbeats change under us
        configuration.setCacheEnabled(false);
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        configuration.addMapper(FleetMapper.class);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
    }

    /** One auto-committed unit of work. */
    <T> T autoCommit(Function<FleetMapper, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session.getMapper(FleetMapper.class));
        }
    }

    /** A session of one transaction; the caller commits. */
    SqlSession transaction() {
        return factory.openSession(false);
    }

    /** The message of the SQL failure behind a failure (and of its cause), without a statement dump. */
    static String reason(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                Throwable cause = sql.getCause() != null ? sql.getCause() : sql.getNextException();
                return cause == null || cause.getMessage() == null ? sql.getMessage()
                        : sql.getMessage() + ": " + cause.getMessage();
            }
        }
        return failure instanceof PersistenceException && failure.getCause() != null
                ? failure.getCause().toString() : failure.toString();
    }
}
