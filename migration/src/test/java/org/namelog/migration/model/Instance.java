package org.namelog.migration.model;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.testing.TestDatabase;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * One service instance as a real deployment has it: its own pool, phase follower, heartbeat and
 * DAO, reaching the database through a TCP proxy of its own so that the test can cut it off.
 *
 * <p>What the fleet events do to it: <em>idle</em> (the test sends it no calls; its follower and
 * heartbeat go on), <em>cut off</em> (the proxy closes: every connection breaks, new ones are
 * refused), <em>stale</em> (its follower and heartbeat stop, as in a process whose background
 * threads hang, while its request threads go on serving with what it last knew), <em>restart</em>
 * (a clean stop and a new start: empty caches).
 */
final class Instance implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(50);

    final String id;
    final String service;
    final boolean writes;
    private final TestDatabase db;
    private final NioReactor reactor;
    private final TcpCrusher proxy;

    private HikariDataSource pool;
    private DatabaseFlagSource flags;
    private Heartbeat heartbeat;
    private NameLogDao dao;

    boolean idle;
    boolean stale;

    private Instance(String id, String service, boolean writes, TestDatabase db) {
        this.id = id;
        this.service = service;
        this.writes = writes;
        this.db = db;
        try {
            this.reactor = new NioReactor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.proxy = TcpCrusherBuilder.builder()
                .withReactor(reactor)
                .withBindAddress("127.0.0.1", freePort())
                .withConnectAddress(db.server().host(), db.server().port())
                .buildAndOpen();
    }

    static Instance start(String id, String service, boolean writes, TestDatabase db) {
        Instance instance = new Instance(id, service, writes, db);
        instance.startServing();
        return instance;
    }

    NameLogDao dao() {
        return dao;
    }

    /** The paths its next call would use. */
    Paths paths() {
        return dao.currentPaths();
    }

    boolean cutOff() {
        return !proxy.isOpen();
    }

    /** Whether the test sends it calls now: started, not idle. Cut-off and stale instances still get calls. */
    boolean getsCalls() {
        return !idle;
    }

    void cutOffFromDatabase() {
        proxy.close();
    }

    void reconnect() {
        proxy.open();
    }

    /** Its follower and heartbeat stop without a goodbye; its row stays and ages, as a hung process's would. */
    void goStale() {
        // the whole row as it was (whatever columns this version's heartbeat writes), to put back after close()
        var row = db.queryRows("SELECT row_to_json(i)::text FROM namelog_instances i WHERE instance_id = '" + id + "'");
        flags.close();
        heartbeat.close();
        if (!row.isEmpty()) {
            String json = ((String) row.get(0).get(0)).replace("'", "''");
            db.execute("INSERT INTO namelog_instances SELECT * FROM json_populate_record(NULL::namelog_instances, '"
                    + json + "') ON CONFLICT (instance_id) DO NOTHING");
        }
        stale = true;
    }

    void restart() {
        stopServing();
        startServing();
    }

    private void startServing() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.getBindAddress().getPort() + "/" + db.name()
                + "?connectTimeout=2&socketTimeout=10");
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName(id);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(500);
        config.setValidationTimeout(250);
        pool = new HikariDataSource(config);
        flags = DatabaseFlagSource.start(pool, new FlagSourceConfig(POLL, ReadPin.NONE));
        heartbeat = Heartbeat.start(pool, flags, new InstanceIdentity(id, service, "model-test"));
        dao = NameLogDao.create(pool, flags, new SimpleMeterRegistry(),
                DaoConfig.defaults().withBreakerOpenDuration(Duration.ofMillis(200)));
        stale = false;
    }

    private void stopServing() {
        if (!stale) {
            heartbeat.close();
            flags.close();
        } else {
            db.execute("DELETE FROM namelog_instances WHERE instance_id = '" + id + "'");
        }
        pool.close();
    }

    @Override
    public void close() {
        try {
            stopServing();
        } finally {
            proxy.close();
            reactor.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return id + (idle ? " (idle)" : "") + (cutOff() ? " (cut off)" : "") + (stale ? " (stale)" : "");
    }
}
