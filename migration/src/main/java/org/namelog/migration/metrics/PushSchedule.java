package org.namelog.migration.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the tool's metrics to a Pushgateway (Prometheus client_java's own client) while a command
 * runs, and once more when it ends, so that the last values (a finished backfill's
 * {@code running 0}) stay there. A failed push is logged once and retried at the next tick: metrics
 * never stop a migration.
 */
final class PushSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushSchedule.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PushGateway gateway;
    private final URI url;
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;

    private PushSchedule(PushGateway gateway, URI url) {
        this.gateway = gateway;
        this.url = url;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "namelog-metrics-push");
            thread.setDaemon(true);
            return thread;
        });
    }

    static PushSchedule start(PrometheusMeterRegistry registry, MetricsSettings settings) {
        URI url = settings.pushTo();
        boolean https = url.getScheme().equals("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        PushGateway gateway = PushGateway.builder()
                .registry(registry.getPrometheusRegistry())
                .address(url.getHost() + ":" + port)
                .scheme(https ? Scheme.HTTPS : Scheme.HTTP)
                .format(Format.PROMETHEUS_TEXT)
                .job(settings.job())
                .connectionFactory(PushSchedule::connect)
                .build();
        PushSchedule schedule = new PushSchedule(gateway, url);
        long millis = settings.pushInterval().toMillis();
        schedule.scheduler.scheduleWithFixedDelay(schedule::push, 0, millis, TimeUnit.MILLISECONDS);
        return schedule;
    }

    /**
     * Replaces what the Pushgateway holds for this job with the metrics now.
     *
     * @return whether the Pushgateway took them
     */
    synchronized boolean push() {
        try {
            gateway.push();
            if (failing) {
                log.info("metrics pushed to {} again", url);
            }
            failing = false;
            return true;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                log.warn("cannot push metrics to {} ({}); retrying while the command runs",
                        org.namelog.migration.Redaction.redact(String.valueOf(url)),
                        org.namelog.migration.Redaction.redact(e.toString()));
            }
            failing = true;
            return false;
        }
    }

    /** A gateway that does not answer must not hold up the command's end for long. */
    private static HttpURLConnection connect(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout((int) TIMEOUT.toMillis());
        connection.setReadTimeout((int) TIMEOUT.toMillis());
        return connection;
    }

    /** Stops the schedule and pushes the final values. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        push();
    }
}
