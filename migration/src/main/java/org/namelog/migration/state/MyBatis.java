package org.namelog.migration.state;

import java.sql.Connection;
import java.util.Properties;
import org.apache.ibatis.datasource.unpooled.UnpooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.managed.ManagedTransactionFactory;

/**
 * The tool's one MyBatis configuration. Sessions run on a connection the caller owns and
 * commits: the tool decides where each transaction begins and ends (a backfill batch, a DDL
 * action), so MyBatis never commits on its own.
 */
public final class MyBatis {

    private static final SqlSessionFactory FACTORY = build();

    private MyBatis() {
    }

    private static SqlSessionFactory build() {
        // Managed transactions that leave the connection open: the caller owns and closes it.
        ManagedTransactionFactory transactions = new ManagedTransactionFactory();
        Properties properties = new Properties();
        properties.setProperty("closeConnection", "false");
        transactions.setProperties(properties);
        // The data source is never asked for a connection: every session is opened on one.
        Configuration config = new Configuration(new Environment("namelog-migrate", transactions, new UnpooledDataSource()));
        config.setMapUnderscoreToCamelCase(true);
        config.setDefaultStatementTimeout(0);
        config.addMapper(StateMapper.class);
        config.addMapper(org.namelog.migration.step.CatalogMapper.class);
        config.addMapper(org.namelog.migration.backfill.BackfillMapper.class);
        config.addMapper(org.namelog.migration.verify.VerifyMapper.class);
        config.addMapper(org.namelog.migration.ddl.WaitMapper.class);
        return new SqlSessionFactoryBuilder().build(config);
    }

    /** A session on {@code connection}; closing it leaves the connection open. */
    public static SqlSession on(Connection connection) {
        return FACTORY.openSession(connection);
    }
}
