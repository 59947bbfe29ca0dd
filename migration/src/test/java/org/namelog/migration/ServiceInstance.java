package org.namelog.migration;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.testing.TestDatabase;

/** One service instance as a service runs it: its flag source, its heartbeat and the real DAO. */
record ServiceInstance(HikariDataSource pool, DatabaseFlagSource flags, Heartbeat heartbeat, NameLogDao dao)
        implements AutoCloseable {

    static ServiceInstance start(TestDatabase db, String id) {
        HikariDataSource pool = db.newPool(id, 4);
        DatabaseFlagSource flags = DatabaseFlagSource.start(pool, new FlagSourceConfig(Duration.ofMillis(100),
                ReadPin.NONE));
        Heartbeat heartbeat = Heartbeat.start(pool, flags, new InstanceIdentity(id, "service-x", "host-1"));
        NameLogDao dao = NameLogDao.create((DataSource) pool, flags, new SimpleMeterRegistry(),
                DaoConfig.defaults().withRetryMaxAttempts(1));
        return new ServiceInstance(pool, flags, heartbeat, dao);
    }

    @Override
    public void close() {
        heartbeat.close();
        flags.close();
        pool.close();
    }
}
