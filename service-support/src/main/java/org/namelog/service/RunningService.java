package org.namelog.service;

import io.javalin.Javalin;
import java.util.concurrent.atomic.AtomicBoolean;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.Heartbeat;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started service: its port, and {@link #stop()}. Thread-safe; stopping twice is harmless. */
public final class RunningService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningService.class);

    private final ServiceConfig config;
    private final Javalin app;
    private final HikariDataSource pool;
    private final HikariDataSource fleetPool;
    private final DatabaseFlagSource flags;
    private final Heartbeat heartbeat;
    private final NameLogDao dao;
    private final AtomicBoolean stopped = new AtomicBoolean();

    RunningService(ServiceConfig config, Javalin app, HikariDataSource pool, HikariDataSource fleetPool,
            DatabaseFlagSource flags, Heartbeat heartbeat, NameLogDao dao) {
        this.config = config;
        this.app = app;
        this.pool = pool;
        this.fleetPool = fleetPool;
        this.flags = flags;
        this.heartbeat = heartbeat;
        this.dao = dao;
    }

    /** The HTTP port it listens on. */
    public int port() {
        return app.port();
    }

    public ServiceConfig config() {
        return config;
    }

    /** The flag source it follows (for its phase and staleness). */
    public DatabaseFlagSource flags() {
        return flags;
    }

    /** Its heartbeat (whether it still runs). */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    public NameLogDao dao() {
        return dao;
    }

    /**
     * Stops accepting requests, lets those in flight finish (up to the shutdown timeout), then
     * removes the heartbeat row and closes the pools.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.info("{} stopping: finishing requests in flight (up to {})", config.instanceId(), config.shutdownTimeout());
        app.stop();
        heartbeat.close();
        flags.close();
        fleetPool.close();
        pool.close();
        log.info("{} stopped", config.instanceId());
    }

    @Override
    public void close() {
        stop();
    }
}
