package org.namelog.migration.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.namelog.dao.flag.Phase;

/**
 * The migration tool's own metrics: how a long command is doing, for Prometheus to scrape from
 * {@code GET /metrics} on the address of {@link MetricsSettings#serveAt()} and/or to be pushed to
 * a Pushgateway (see {@link MetricsSettings#pushTo()}).
 *
 * <p>Exported besides the backfill's ({@link BackfillGauges}):
 * {@code namelog_migrate_fleet_phase{phase}} (1 for the phase the tool last read, 0 for the others),
 * {@code namelog_migrate_fleet_phase_index} (that phase's position, LEGACY = 0), and
 * {@code namelog_migrate_commands_total{command,outcome}} (outcome: the exit code's name, e.g.
 * {@code ok}, {@code prerequisites_not_met}).
 *
 * <p>Metrics never stop a command: a Pushgateway that does not answer is logged, not thrown.
 * Thread-safe. Close it when the command ends: it pushes a last time and stops serving.
 */
public final class ToolMetrics implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final PrometheusMeterRegistry registry;
    private final Map<String, BackfillGauges> backfills = new ConcurrentHashMap<>();
    private final AtomicBoolean phaseGauges = new AtomicBoolean();
    private volatile Phase fleetPhase;
    private final HttpServer server;
    private final ExecutorService serverThread;
    private final PushSchedule push;

    private ToolMetrics(PrometheusMeterRegistry registry, HttpServer server, ExecutorService serverThread,
            PushSchedule push) {
        this.registry = registry;
        this.server = server;
        this.serverThread = serverThread;
        this.push = push;
    }

    /** Metrics that go nowhere: every call works and costs next to nothing. */
    public static ToolMetrics off() {
        return new ToolMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, null, null);
    }

    /**
     * Starts serving and/or pushing as {@code settings} say.
     *
     * @throws IllegalStateException if the address cannot be bound (in use, not this host's); the
     *     message names it and says what to do
     */
    public static ToolMetrics start(MetricsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        HttpServer server = null;
        ExecutorService serverThread = null;
        if (settings.serveAt() != null) {
            try {
                server = HttpServer.create(settings.serveAt(), 0);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serve metrics on " + describe(settings.serveAt()) + " ("
                        + e.getMessage() + "): choose another --metrics-port or --metrics-bind", e);
            }
            serverThread = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "namelog-metrics-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(serverThread);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PushSchedule push = settings.pushTo() == null ? null : PushSchedule.start(registry, settings);
        ToolMetrics started = new ToolMetrics(registry, server, serverThread, push);
        if (server != null) {
            server.createContext("/metrics", started::serveScrape);
            server.start();
        }
        return started;
    }

    /**
     * The gauges of a backfill in {@code direction} ({@code forward} or {@code reverse}, as the
     * engine names them); marks it running. Asking again for the same direction returns the same
     * gauges, running again.
     *
     * @throws IllegalArgumentException if the direction is not a lowercase word
     */
    public BackfillGauges backfill(String direction) {
        requireName("direction", direction);
        BackfillGauges gauges = backfills.computeIfAbsent(direction, d -> new BackfillGauges(registry, d));
        gauges.reopen();
        return gauges;
    }

    /** The fleet phase the tool has just read from the database. */
    public void fleetPhase(Phase phase) {
        Objects.requireNonNull(phase, "phase");
        fleetPhase = phase;
        // registered at the first reading: before it, the tool knows no phase and exports none
        if (phaseGauges.compareAndSet(false, true)) {
            for (Phase each : Phase.values()) {
                Gauge.builder("namelog.migrate.fleet.phase", this, m -> m.fleetPhase == each ? 1 : 0)
                        .description("1 for the fleet phase the tool last read, 0 for the others")
                        .tags(Tags.of("phase", each.name())).strongReference(true).register(registry);
            }
            Gauge.builder("namelog.migrate.fleet.phase.index", this, m -> m.fleetPhase.ordinal())
                    .description("position of the fleet phase the tool last read (LEGACY = 0)")
                    .strongReference(true).register(registry);
        }
    }

    /** Counts a finished command by its outcome (the name of its {@code ExitCode}). */
    public void commandFinished(String command, int exitCode) {
        requireName("command", command);
        Counter.builder("namelog.migrate.commands")
                .description("commands of the tool that finished, by outcome")
                .tags(Tags.of("command", command, "outcome", Outcomes.of(exitCode)))
                .register(registry).increment();
    }

    /** Whether the metrics go anywhere (served or pushed), so that a caller can skip measuring for nothing. */
    public boolean exported() {
        return server != null || push != null;
    }

    /** The address {@code /metrics} is served on (the real port when 0 was asked), if served. */
    public Optional<InetSocketAddress> address() {
        return server == null ? Optional.empty() : Optional.of(server.getAddress());
    }

    /** The metrics now, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Pushes a last time (so the Pushgateway keeps the final values) and stops serving. */
    @Override
    public void close() {
        if (push != null) {
            push.close();
        }
        if (server != null) {
            server.stop(0);
            serverThread.shutdownNow();
        }
        registry.close();
    }

    private void serveScrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lowercase word (like 'forward') but was '" + value + "'");
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
