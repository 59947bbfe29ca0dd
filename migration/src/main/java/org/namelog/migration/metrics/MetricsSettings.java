package org.namelog.migration.metrics;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the tool's own metrics go: served for Prometheus to scrape, pushed to a Pushgateway, both,
 * or nowhere (the default). Validated when built.
 *
 * @param serveAt the address to serve {@code GET /metrics} on, or {@code null} not to serve (port 0
 *     picks a free port: tests)
 * @param pushTo the Pushgateway's base URL ({@code http://host:9091}), or {@code null} not to push
 * @param pushInterval how often to push while a command runs (once more when it ends)
 * @param job the Pushgateway job the tool's metrics are grouped under
 */
public record MetricsSettings(InetSocketAddress serveAt, URI pushTo, Duration pushInterval, String job) {

    /** The Pushgateway job unless {@code --metrics-push-job} says otherwise. */
    public static final String DEFAULT_JOB = "namelog-migrate";
    /** Often enough to see a stall within a minute, rarely enough to cost nothing. */
    public static final Duration DEFAULT_PUSH_INTERVAL = Duration.ofSeconds(15);

    public MetricsSettings {
        Objects.requireNonNull(pushInterval, "pushInterval");
        Objects.requireNonNull(job, "job");
        if (pushInterval.isNegative() || pushInterval.isZero()) {
            throw new IllegalArgumentException("metrics push interval must be positive but was " + pushInterval);
        }
        if (job.isBlank()) {
            throw new IllegalArgumentException("metrics push job must not be blank");
        }
        if (pushTo != null) {
            requirePushGatewayUrl(pushTo);
        }
    }

    /** No metrics anywhere. */
    public static MetricsSettings off() {
        return new MetricsSettings(null, null, DEFAULT_PUSH_INTERVAL, DEFAULT_JOB);
    }

    /** Served on {@code bindAddress:port}, pushed nowhere. */
    public static MetricsSettings served(String bindAddress, int port) {
        return off().withServeAt(bindAddress, port);
    }

    /** As this, also served on {@code bindAddress:port}. */
    public MetricsSettings withServeAt(String bindAddress, int port) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("metrics port must be between 0 and 65535 but was " + port);
        }
        return new MetricsSettings(new InetSocketAddress(bindAddress, port), pushTo, pushInterval, job);
    }

    /** As this, also pushed to the Pushgateway at {@code url} every {@code interval} under {@code job}. */
    public MetricsSettings withPushTo(URI url, Duration interval, String job) {
        return new MetricsSettings(serveAt, Objects.requireNonNull(url, "url"), interval, job);
    }

    private static void requirePushGatewayUrl(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("metrics push URL must look like http://host:9091 but was " + url);
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
            throw new IllegalArgumentException("metrics push URL must be the Pushgateway's root (http://host:9091),"
                    + " without a path, but was " + url);
        }
    }
}
