package org.namelog.bench.dao;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.namelog.bench.BenchmarkException;
import org.namelog.bench.server.BenchServer;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.schema.SchemaScripts;
import org.namelog.testbed.Dataset;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One database per JMH trial: an embedded PostgreSQL started for the trial (or a database on the
 * server named by the system property {@value #JDBC_URL_PROPERTY}), holding the dataset with every
 * row backfilled and the schema expanded, as in phase READ_NEW, so that every path can run on it.
 */
@State(Scope.Benchmark)
public class DaoDatabase {

    /** Use this running server instead of an embedded one (user/password: the two properties below). */
    public static final String JDBC_URL_PROPERTY = "namelog.bench.jdbc-url";
    public static final String USER_PROPERTY = "namelog.bench.user";
    public static final String PASSWORD_PROPERTY = "namelog.bench.password";
    /** {@code SHIPPED} (the default) or {@code FAST}: the embedded server's durability. */
    public static final String DURABILITY_PROPERTY = "namelog.bench.durability";

    /** Rows of the dataset. */
    @Param("200000")
    public long rows;

    /** Distinct names the rows draw from. */
    @Param("20000")
    public int names;

    private Postgres target;
    private String database;
    private HikariDataSource pool;
    Dataset dataset;

    @Setup(Level.Trial)
    public void start() throws SQLException {
        dataset = new Dataset(rows, names);
        String url = System.getProperty(JDBC_URL_PROPERTY);
        target = BenchServer.start(url, System.getProperty(USER_PROPERTY, "postgres"),
                System.getProperty(PASSWORD_PROPERTY, ""),
                Durability.valueOf(System.getProperty(DURABILITY_PROPERTY, Durability.SHIPPED.name())));
        database = "namelog_bench_dao_" + ProcessHandle.current().pid();
        BenchServer.recreateDatabase(target, database, null);
        SchemaScripts scripts = SchemaScripts.load();
        try (Connection c = target.connect(database); Statement s = c.createStatement()) {
            s.execute(scripts.forward(1).sql());
            dataset.load(c);
            for (int version : new int[] {2, 3, 4, 5}) {
                s.execute(scripts.forward(version).sql());
            }
            s.execute("SET session_replication_role = replica");
            s.execute("INSERT INTO name (value) SELECT DISTINCT name FROM namelog");
            s.execute("UPDATE namelog l SET name_id = n.id FROM name n WHERE n.value = l.name");
            s.execute("RESET session_replication_role");
            s.execute(scripts.forward(6).sql());
            s.execute("VACUUM ANALYZE namelog");
            s.execute("VACUUM ANALYZE name");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl(database));
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setPoolName("bench-dao");
        config.setMaximumPoolSize(8);
        pool = new HikariDataSource(config);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (pool != null) {
            pool.close();
        }
        if (target != null) {
            try {
                target.dropDatabase(database);
            } finally {
                target.close();
            }
        }
    }

    /** A DAO on this database in this phase. */
    NameLogDao dao(Phase phase) {
        if (pool == null) {
            throw new BenchmarkException("the database is not started");
        }
        return NameLogDao.create(pool, StaticFlagSource.of(phase), new SimpleMeterRegistry(), DaoConfig.defaults());
    }
}
