package org.namelog.flyway;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.testing.TestDatabase;

/** A service instance the tool's gate can see: it follows the phase and beats, on a pool of its own. */
record LiveInstance(HikariDataSource pool, DatabaseFlagSource flags, Heartbeat heartbeat) implements AutoCloseable {

    static LiveInstance start(TestDatabase db, String id) {
        HikariDataSource pool = db.newPool(id, 3);
        DatabaseFlagSource flags = DatabaseFlagSource.start(pool,
                new FlagSourceConfig(Duration.ofMillis(100), ReadPin.NONE));
        return new LiveInstance(pool, flags, Heartbeat.start(pool, flags, new InstanceIdentity(id, "service-x", "host-1")));
    }

    @Override
    public void close() {
        heartbeat.close();
        flags.close();
        pool.close();
    }
}
