package org.namelog.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.namelog.config.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.ReadPin;

/**
 * Everything a service needs to run. Immutable; validated when built (every problem at once).
 * Read from the environment with {@link #fromEnvironment}; tests build it with {@link #of} and
 * the {@code with} methods.
 *
 * @param service the service group reported in heartbeats, e.g. {@code service-a}
 * @param jdbcUrl {@code jdbc:postgresql://...}
 * @param dbUser database user
 * @param dbPassword database password (may be empty)
 * @param port HTTP port, 0 for any free one
 * @param instanceId this instance's id in the fleet
 * @param host the host reported in heartbeats
 * @param readPin the service's read pin
 * @param phasePoll how often the phase is read and the heartbeat written
 * @param instanceTtl the TTL the migration tool uses; the poll interval must be at most a third of it
 *     so that a healthy instance never looks dead
 * @param phaseLease how long the instance serves after its last confirmed phase read and heartbeat;
 *     past it every call gets 503 (at least twice {@code phasePoll}; default three polls, at least 3 s)
 * @param poolSize connections in the request pool (the phase follower and heartbeat have a small
 *     pool of their own)
 * @param connectTimeout how long a request waits for a connection before it fails (then 503)
 * @param shutdownTimeout how long a stop waits for requests in flight
 * @param maxNameBytes the largest name accepted, in UTF-8 bytes; larger ones get 400
 * @param deadlines the request deadline, statement timeout and socket timeout
 */
public record ServiceConfig(String service, String jdbcUrl, String dbUser, String dbPassword, int port,
        String instanceId, String host, ReadPin readPin, Duration phasePoll, Duration instanceTtl,
        Duration phaseLease, int poolSize,
        Duration connectTimeout, Duration shutdownTimeout, int maxNameBytes, Deadlines deadlines) {

    /** 1 MiB: the largest name the DAO is tested with. */
    public static final int DEFAULT_MAX_NAME_BYTES = 1 << 20;

    public ServiceConfig {
        List<String> problems = new ArrayList<>();
        if (service == null || service.isBlank()) {
            problems.add("service name is missing");
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.add("NAMELOG_JDBC_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db) but was "
                    + (jdbcUrl == null ? "not set" : "'" + jdbcUrl + "'"));
        }
        if (dbUser == null || dbUser.isBlank()) {
            problems.add("NAMELOG_DB_USER (or PGUSER) must name the database user");
        }
        if (dbPassword == null) {
            dbPassword = "";
        }
        if (port < 0 || port > 65_535) {
            problems.add("PORT must be 0 (any free port) to 65535 but was " + port);
        }
        if (instanceId == null || instanceId.isBlank() || instanceId.length() > 200) {
            problems.add("NAMELOG_INSTANCE_ID must be 1 to 200 characters");
        }
        if (host == null || host.isBlank()) {
            problems.add("host is missing");
        }
        Objects.requireNonNull(readPin, "readPin");
        if (phasePoll == null || phasePoll.compareTo(Duration.ofMillis(10)) < 0) {
            problems.add("NAMELOG_PHASE_POLL must be at least 10ms but was " + phasePoll);
        }
        if (instanceTtl == null || instanceTtl.isNegative() || instanceTtl.isZero()) {
            problems.add("NAMELOG_INSTANCE_TTL must be positive but was " + instanceTtl);
        } else if (phasePoll != null && phasePoll.multipliedBy(3).compareTo(instanceTtl) > 0) {
            problems.add("NAMELOG_PHASE_POLL (" + phasePoll + ") must be at most a third of NAMELOG_INSTANCE_TTL ("
                    + instanceTtl + "), or the migration tool would take a healthy instance for dead");
        }
        if (phaseLease == null || phasePoll != null && phaseLease.compareTo(phasePoll.multipliedBy(2)) < 0) {
            problems.add("NAMELOG_PHASE_LEASE must be at least twice NAMELOG_PHASE_POLL (" + phasePoll + ") but was "
                    + phaseLease + ", or one slow poll would stop the instance");
        }
        if (poolSize < 1 || poolSize > 1_000) {
            problems.add("NAMELOG_DB_POOL_SIZE must be 1 to 1000 but was " + poolSize);
        }
        if (connectTimeout == null || connectTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            problems.add("NAMELOG_DB_CONNECT_TIMEOUT must be at least 250ms but was " + connectTimeout);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            problems.add("NAMELOG_SHUTDOWN_TIMEOUT must not be negative but was " + shutdownTimeout);
        }
        if (maxNameBytes < 1 || maxNameBytes > 64 << 20) {
            problems.add("NAMELOG_MAX_NAME_BYTES must be 1 to 67108864 but was " + maxNameBytes);
        }
        if (deadlines == null) {
            deadlines = Deadlines.defaults();
        }
        deadlines.check(connectTimeout, problems);
        if (!problems.isEmpty()) {
            throw new ServiceConfigException(problems);
        }
    }

    /**
     * A configuration with every default: port 0, instance id host+pid, no pin, 1 s poll, 10 s TTL,
     * 3 s lease, 10 connections, 1 s connection timeout, {@link Deadlines#defaults()}.
     */
    public static ServiceConfig of(String service, String jdbcUrl, String dbUser, String dbPassword) {
        String host = localHost();
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, 0, service + "@" + host + ":"
                + ProcessHandle.current().pid(), host, ReadPin.NONE, Duration.ofSeconds(1), Duration.ofSeconds(10),
                FlagSourceConfig.defaultLease(Duration.ofSeconds(1)), 10,
                Duration.ofSeconds(1), Duration.ofSeconds(30), DEFAULT_MAX_NAME_BYTES, Deadlines.defaults());
    }

    /**
     * Reads the configuration from environment variables: {@code NAMELOG_JDBC_URL} (required),
     * {@code NAMELOG_DB_USER}/{@code NAMELOG_DB_PASSWORD} (else {@code PGUSER}/{@code PGPASSWORD}),
     * {@code PORT}, {@code NAMELOG_INSTANCE_ID}, {@code NAMELOG_READ_PIN}, {@code NAMELOG_PHASE_POLL},
     * {@code NAMELOG_INSTANCE_TTL}, {@code NAMELOG_PHASE_LEASE}, {@code NAMELOG_DB_POOL_SIZE}, {@code NAMELOG_DB_CONNECT_TIMEOUT},
     * {@code NAMELOG_SHUTDOWN_TIMEOUT}, {@code NAMELOG_MAX_NAME_BYTES}, {@code NAMELOG_REQUEST_TIMEOUT},
     * {@code NAMELOG_DB_STATEMENT_TIMEOUT}, {@code NAMELOG_DB_SOCKET_TIMEOUT}. Durations are {@code 500ms},
     * {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}).
     *
     * @throws ServiceConfigException listing every invalid or missing variable
     */
    public static ServiceConfig fromEnvironment(String service, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        ServiceConfig defaults = of(service, "jdbc:postgresql://localhost/placeholder", "placeholder", "");
        String url = env.get("NAMELOG_JDBC_URL");
        String user = firstSet(env, "NAMELOG_DB_USER", "PGUSER");
        String password = firstSet(env, "NAMELOG_DB_PASSWORD", "PGPASSWORD");
        int port = integer(env, "PORT", defaults.port(), problems);
        String instanceId = env.getOrDefault("NAMELOG_INSTANCE_ID", defaults.instanceId());
        ReadPin pin = ReadPin.NONE;
        try {
            pin = ReadPin.parse(env.get("NAMELOG_READ_PIN"));
        } catch (IllegalArgumentException e) {
            problems.add("NAMELOG_READ_PIN: " + e.getMessage());
        }
        Duration poll = duration(env, "NAMELOG_PHASE_POLL", defaults.phasePoll(), problems);
        Duration ttl = duration(env, "NAMELOG_INSTANCE_TTL", defaults.instanceTtl(), problems);
        Duration lease = duration(env, "NAMELOG_PHASE_LEASE", FlagSourceConfig.defaultLease(poll), problems);
        int poolSize = integer(env, "NAMELOG_DB_POOL_SIZE", defaults.poolSize(), problems);
        Duration connect = duration(env, "NAMELOG_DB_CONNECT_TIMEOUT", defaults.connectTimeout(), problems);
        Duration shutdown = duration(env, "NAMELOG_SHUTDOWN_TIMEOUT", defaults.shutdownTimeout(), problems);
        int maxName = integer(env, "NAMELOG_MAX_NAME_BYTES", defaults.maxNameBytes(), problems);
        Deadlines deadlines = new Deadlines(
                duration(env, "NAMELOG_REQUEST_TIMEOUT", defaults.deadlines().request(), problems),
                duration(env, "NAMELOG_DB_STATEMENT_TIMEOUT", defaults.deadlines().statement(), problems),
                duration(env, "NAMELOG_DB_SOCKET_TIMEOUT", defaults.deadlines().socket(), problems));
        ServiceConfig config = null;
        try {
            config = new ServiceConfig(service, url, user, password, port, instanceId, defaults.host(),
                    pin, poll, ttl, lease, poolSize, connect, shutdown, maxName, deadlines);
        } catch (ServiceConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ServiceConfigException(problems);
        }
        return config;
    }

    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, newPort, instanceId, host, readPin, phasePoll,
                instanceTtl, phaseLease, poolSize, connectTimeout, shutdownTimeout, maxNameBytes, deadlines);
    }

    public ServiceConfig withInstanceId(String id) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, port, id, host, readPin, phasePoll,
                instanceTtl, phaseLease, poolSize, connectTimeout, shutdownTimeout, maxNameBytes, deadlines);
    }

    public ServiceConfig withReadPin(ReadPin pin) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, port, instanceId, host, pin, phasePoll,
                instanceTtl, phaseLease, poolSize, connectTimeout, shutdownTimeout, maxNameBytes, deadlines);
    }

    /** Another poll interval, with the default lease of that interval. */
    public ServiceConfig withPhasePoll(Duration poll) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, port, instanceId, host, readPin, poll,
                instanceTtl, poll == null ? phaseLease : FlagSourceConfig.defaultLease(poll), poolSize, connectTimeout,
                shutdownTimeout, maxNameBytes, deadlines);
    }

    public ServiceConfig withPhaseLease(Duration lease) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, port, instanceId, host, readPin, phasePoll,
                instanceTtl, lease, poolSize, connectTimeout, shutdownTimeout, maxNameBytes, deadlines);
    }

    public ServiceConfig withConnectTimeout(Duration timeout) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, port, instanceId, host, readPin, phasePoll,
                instanceTtl, phaseLease, poolSize, timeout, shutdownTimeout, maxNameBytes, deadlines);
    }

    public ServiceConfig withDeadlines(Deadlines newDeadlines) {
        return new ServiceConfig(service, jdbcUrl, dbUser, dbPassword, port, instanceId, host, readPin, phasePoll,
                instanceTtl, phaseLease, poolSize, connectTimeout, shutdownTimeout, maxNameBytes, newDeadlines);
    }

    @Override
    public String toString() {
        // never the password
        return "ServiceConfig[service=" + service + ", jdbcUrl=" + jdbcUrl + ", dbUser=" + dbUser + ", port=" + port
                + ", instanceId=" + instanceId + ", host=" + host + ", readPin=" + readPin + ", phasePoll=" + phasePoll
                + ", instanceTtl=" + instanceTtl + ", phaseLease=" + phaseLease + ", poolSize=" + poolSize
                + ", connectTimeout=" + connectTimeout
                + ", shutdownTimeout=" + shutdownTimeout + ", maxNameBytes=" + maxNameBytes + ", deadlines=" + deadlines + "]";
    }

    private static String firstSet(Map<String, String> env, String first, String second) {
        String value = env.get(first);
        return value == null || value.isEmpty() ? env.get(second) : value;
    }

    private static int integer(Map<String, String> env, String name, int fallback, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number but was '" + value + "'");
            return fallback;
        }
    }

    /** {@code 250ms}, {@code 2s}, {@code 1m}, or ISO-8601 such as {@code PT2S}. */
    static Duration duration(Map<String, String> env, String name, Duration fallback, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return fallback;
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
