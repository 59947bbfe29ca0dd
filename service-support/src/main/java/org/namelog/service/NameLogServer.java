package org.namelog.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.FlagState;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a NameLog service: pool, flag source following the fleet's phase, heartbeat, DAO, and a
 * Javalin app with {@code GET /health}, {@code GET /metrics} (Prometheus), error mapping, and the
 * service's own {@link Routes}.
 *
 * <p>Errors answer one JSON shape with a stable code and a correlation id ({@link ErrorResponses},
 * {@link ErrorCode}). Deadlines ({@link Deadlines}): the pool waits at most the connection timeout,
 * the server ends a statement at its statement timeout, the driver gives up on a silent socket,
 * and the DAO retries only while another attempt fits in the request's deadline. Nothing here can
 * change the phase: only the migration tool does.
 */
public final class NameLogServer {

    private static final Logger log = LoggerFactory.getLogger(NameLogServer.class);

    private NameLogServer() {}

    /**
     * Starts a service in this JVM.
     *
     * @throws ServiceException if it cannot start (for example, the phase cannot be read, or its read
     *     pin is not allowed in the fleet's phase); everything started so far is closed again
     */
    public static RunningService start(ServiceConfig config, Routes routes) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        HikariDataSource pool = pool(config, registry);
        HikariDataSource fleetPool = fleetPool(config, registry);
        DatabaseFlagSource flags = null;
        Heartbeat heartbeat = null;
        Javalin app = null;
        try {
            // the fleet's own connections: under a saturated request pool the phase is still read
            // and the heartbeat still written, so the lease holds while the database answers
            flags = DatabaseFlagSource.start(fleetPool,
                    new FlagSourceConfig(config.phasePoll(), config.phaseLease(), config.readPin()));
            FleetMetrics.register(registry, flags, config);
            heartbeat = Heartbeat.start(fleetPool, flags,
                    new InstanceIdentity(config.instanceId(), config.service(), config.host()));
            DaoConfig daoConfig = DaoConfig.defaults().withDeadlines(config.deadlines().request(),
                    config.deadlines().attempt(config.connectTimeout()));
            NameLogDao dao = NameLogDao.create(pool, flags, registry, daoConfig);
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            Requests requests = new Requests(mapper, config.maxNameBytes(), daoConfig.maxPageSize(),
                    maxBodyBytes(config));
            app = app(config, mapper, registry);
            DatabaseFlagSource follows = flags;
            Heartbeat beats = heartbeat;
            app.get("/health", ctx -> health(ctx, config, follows, beats, dao));
            app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            routes.addTo(app, dao, requests);
            app.start(config.port());
            log.info("{} {} listening on port {}", config.service(), config.instanceId(), app.port());
            return new RunningService(config, app, pool, fleetPool, flags, heartbeat, dao);
        } catch (Exception e) { // Javalin (Kotlin) may throw checked exceptions undeclared
            if (app != null) {
                stopQuietly(app);
            }
            if (heartbeat != null) {
                heartbeat.close();
            }
            if (flags != null) {
                flags.close();
            }
            fleetPool.close();
            pool.close();
            if (e instanceof ServiceException own) {
                throw own;
            }
            throw new ServiceException(config.service() + " cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a service as a program: configuration from the environment, stopped gracefully on
     * SIGTERM/SIGINT. Exits with 2 on invalid configuration, 1 if it cannot start.
     */
    public static void runFromEnvironment(String service, Routes routes) {
        ServiceConfig config;
        try {
            config = ServiceConfig.fromEnvironment(service, System.getenv());
        } catch (ServiceConfigException e) {
            System.err.println(service + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        RunningService running;
        try {
            running = start(config, routes);
        } catch (ServiceException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, service + "-shutdown"));
    }

    private static void stopQuietly(Javalin app) {
        try {
            app.stop();
        } catch (Exception e) { // a server that failed to start may fail to stop as well
            log.debug("stopping a server that did not start failed: {}", e.toString());
        }
    }

    private static HikariDataSource pool(ServiceConfig config, PrometheusMeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setPoolName(config.instanceId());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        // a borrowed connection idle for a while is checked first; that check must fit in the wait
        hikari.setValidationTimeout(Math.max(250, config.connectTimeout().toMillis() / 2));
        Deadlines deadlines = config.deadlines();
        long connectSeconds = Math.max(1, (config.connectTimeout().toMillis() + 999) / 1000);
        // Every connection of this pool starts with the same statement_timeout, set by the driver at
        // login: nothing changes it per borrower, so no setting leaks from one call to the next.
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + deadlines.statement().toMillis());
        hikari.addDataSourceProperty("socketTimeout", Long.toString(deadlines.socket().toSeconds()));
        hikari.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds));
        hikari.addDataSourceProperty("loginTimeout", Long.toString(connectSeconds));
        hikari.addDataSourceProperty("cancelSignalTimeout", Long.toString(connectSeconds));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        // PostgreSQL's detail ("Failing row contains (...)") stays out of every exception message
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        // the flag source reports an unreachable database at start-up with a clearer message
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricRegistry(registry);
        return new HikariDataSource(hikari);
    }

    /**
     * The flag source's and heartbeat's own pool: one connection held for LISTEN, one for the
     * phase read, one for the heartbeat. A read that cannot finish within the lease is of no use,
     * so waiting for a connection and for an answer are bounded by it.
     */
    private static HikariDataSource fleetPool(ServiceConfig config, PrometheusMeterRegistry registry) {
        long leaseMillis = config.phaseLease().toMillis();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setPoolName(config.instanceId() + "-fleet");
        hikari.setMaximumPoolSize(3);
        hikari.setMinimumIdle(3);
        hikari.setConnectionTimeout(Math.max(250, Math.min(config.connectTimeout().toMillis(), leaseMillis / 2)));
        hikari.addDataSourceProperty("socketTimeout", Long.toString(Math.max(2, (2 * leaseMillis + 999) / 1000)));
        hikari.addDataSourceProperty("ApplicationName", "namelog " + config.service() + " fleet");
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricRegistry(registry);
        return new HikariDataSource(hikari);
    }

    private static Javalin app(ServiceConfig config, ObjectMapper mapper, PrometheusMeterRegistry registry) {
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(mapper, false));
            c.http.maxRequestSize = maxBodyBytes(config);
            c.jetty.modifyServer(server -> {
                server.setStopTimeout(config.shutdownTimeout().toMillis());
                server.setErrorHandler(new JsonErrorHandler());
            });
            c.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
            c.requestLogger.http((ctx, millis) -> Timer.builder("http.server.requests")
                    .description("HTTP request latency by route")
                    .tag("method", ctx.method().name())
                    .tag("route", route(ctx))
                    .tag("status", Integer.toString(ctx.statusCode()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record((long) (millis * 1_000_000d), TimeUnit.NANOSECONDS));
        });
        ErrorResponses.install(app);
        return app;
    }

    /**
     * A name of maxNameBytes may grow up to six-fold as JSON escapes ({@code \u0001}); the field
     * check then answers 400 for names above the limit, the body cap 413 for bodies far above it.
     */
    private static long maxBodyBytes(ServiceConfig config) {
        return 6L * config.maxNameBytes() + 65_536;
    }

    private static String route(Context ctx) {
        return ErrorResponses.route(ctx);
    }

    private static void health(Context ctx, ServiceConfig config, DatabaseFlagSource flags, Heartbeat heartbeat,
            NameLogDao dao) {
        FlagState state = flags.state();
        // Back means: the phase is fresh, and the DAO's breaker is closed. While the breaker is
        // open, this check is the call that probes the database once its open time has passed, so
        // an instance taken out of rotation still comes back (see DatabaseCalls).
        boolean breakerClosed = dao.probeDatabase();
        boolean reachable = !state.stale() && breakerClosed;
        // An instance whose follower or heartbeat died, or whose lease ran out, refuses every call:
        // take it out of rotation, and restart it if a thread died.
        boolean leaseHeld = flags.leaseHeld();
        boolean up = reachable && leaseHeld && flags.following() && heartbeat.running();
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("read", state.paths().read());
        paths.put("write", state.paths().write());
        paths.put("nameColumn", state.paths().nameColumn());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("service", config.service());
        body.put("instanceId", config.instanceId());
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("reachable", reachable);
        database.put("circuitBreakerOpen", !breakerClosed);
        body.put("database", database);
        body.put("phase", state.phase());
        body.put("paths", paths);
        body.put("readPin", config.readPin());
        body.put("stale", state.stale());
        body.put("phaseReadAt", state.lastRead().toString());
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("held", leaseHeld);
        lease.put("leaseMs", flags.config().lease().toMillis());
        lease.put("confirmedAgoMs", flags.sinceConfirmed().map(Duration::toMillis).orElse(null));
        body.put("lease", lease);
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("phaseFollower", threadState(flags.following(), flags.followerFailure()));
        threads.put("heartbeat", threadState(heartbeat.running(), heartbeat.failure()));
        body.put("threads", threads);
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    /** RUNNING, or STOPPED with the kind of failure that ended it (its class only: no message, no trace). */
    private static String threadState(boolean running, Optional<Throwable> failure) {
        return running ? "RUNNING" : failure.map(f -> "STOPPED: " + f.getClass().getSimpleName()).orElse("STOPPED");
    }
}
