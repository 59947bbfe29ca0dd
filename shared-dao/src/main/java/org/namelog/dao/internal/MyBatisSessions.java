package org.namelog.dao.internal;

import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** Builds the one SqlSessionFactory a DAO lives with. */
public final class MyBatisSessions {

    private MyBatisSessions() {}

    public static SqlSessionFactory factory(DataSource dataSource) {
        Configuration configuration = new Configuration(
                new Environment("namelog", new JdbcTransactionFactory(), dataSource));
        // No caching inside MyBatis: every call must see the database as it is now (flags flip,
        // other instances write), and the name cache is ours, bounded and measured.
        configuration.setCacheEnabled(false);
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        configuration.addMapper(NameLogMapper.class);
        return new SqlSessionFactoryBuilder().build(configuration);
    }
}
