package org.namelog.migration.metrics;

import java.net.URI;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The tool's command-line options for its own metrics (a picocli mixin of the root command). */
public final class MetricsOptions {

    @Option(names = "--metrics-port", scope = ScopeType.INHERIT, paramLabel = "PORT",
            description = "serve the tool's metrics for Prometheus at http://ADDRESS:PORT/metrics while the command runs; 0 picks a free port, printed at start (default: not served)")
    Integer port;

    @Option(names = "--metrics-bind", scope = ScopeType.INHERIT, defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "address to serve the metrics on (default: ${DEFAULT-VALUE}, every interface)")
    String bindAddress;

    @Option(names = "--metrics-push-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "push the tool's metrics to this Prometheus Pushgateway (http://host:9091) every 15s and when the command ends, as job namelog-migrate (default: not pushed)")
    URI pushUrl;

    /**
     * The settings these options give.
     *
     * @throws IllegalArgumentException if a value is out of range; the message names the option
     */
    public MetricsSettings settings() {
        MetricsSettings settings = MetricsSettings.off();
        if (port != null) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--metrics-port must be between 0 and 65535 but was " + port);
            }
            settings = settings.withServeAt(bindAddress, port);
        }
        if (pushUrl != null) {
            try {
                settings = settings.withPushTo(pushUrl, MetricsSettings.DEFAULT_PUSH_INTERVAL, MetricsSettings.DEFAULT_JOB);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--metrics-push-url: " + e.getMessage(), e);
            }
        }
        return settings;
    }
}
