package org.namelog.migration.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.ExitCode;

/** The API the backfill engine calls, read back through the real HTTP endpoint Prometheus scrapes. */
class ToolMetricsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesBackfillProgressFleetPhaseAndOutcomesForPrometheus() throws Exception {
        try (ToolMetrics metrics = ToolMetrics.start(MetricsSettings.served("127.0.0.1", 0))) {
            BackfillGauges forward = metrics.backfill("forward");
            forward.progress(40_000, 100_000, 2_500.5, Duration.ofSeconds(24));
            forward.batch(Duration.ofMillis(120), 5_000);
            forward.batch(Duration.ofMillis(80), 3_000);
            forward.replicaLagBytes(1_048_576);
            forward.paused(true);
            metrics.fleetPhase(Phase.DUAL_WRITE);
            metrics.commandFinished("verify", ExitCode.VERIFICATION_FAILED);

            HttpResponse<String> reply = get(metrics, "/metrics");

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(reply.body()).contains(
                    "namelog_migrate_backfill_rows_done{direction=\"forward\"} 40000.0",
                    "namelog_migrate_backfill_rows_remaining{direction=\"forward\"} 60000.0",
                    "namelog_migrate_backfill_rows_per_second{direction=\"forward\"} 2500.5",
                    "namelog_migrate_backfill_eta_seconds{direction=\"forward\"} 24.0",
                    "namelog_migrate_backfill_batch_seconds_count{direction=\"forward\"} 2",
                    "namelog_migrate_backfill_batch_seconds_sum{direction=\"forward\"} 0.2",
                    "namelog_migrate_backfill_batch_rows_sum{direction=\"forward\"} 8000.0",
                    "namelog_migrate_backfill_replica_lag_bytes{direction=\"forward\"} 1048576.0",
                    "namelog_migrate_backfill_paused{direction=\"forward\"} 1.0",
                    "namelog_migrate_backfill_running{direction=\"forward\"} 1.0",
                    "namelog_migrate_fleet_phase{phase=\"DUAL_WRITE\"} 1.0",
                    "namelog_migrate_fleet_phase{phase=\"READ_NEW\"} 0.0",
                    "namelog_migrate_fleet_phase_index 1.0",
                    "namelog_migrate_commands_total{command=\"verify\",outcome=\"verification_failed\"} 1.0");
            assertThat(reply.body()).contains("namelog_migrate_backfill_batch_seconds_bucket{direction=\"forward\",le=");
        }
    }

    @Test
    void anEndedBackfillReportsItselfNotRunningSoNoStallAlertFires() throws Exception {
        try (ToolMetrics metrics = ToolMetrics.start(MetricsSettings.served("127.0.0.1", 0))) {
            try (BackfillGauges reverse = metrics.backfill("reverse")) {
                reverse.progress(10, 10, 50, Duration.ZERO);
                reverse.paused(true);
            }
            String body = get(metrics, "/metrics").body();
            assertThat(body).contains("namelog_migrate_backfill_running{direction=\"reverse\"} 0.0",
                    "namelog_migrate_backfill_paused{direction=\"reverse\"} 0.0",
                    "namelog_migrate_backfill_rows_remaining{direction=\"reverse\"} 0.0");

            metrics.backfill("reverse");
            assertThat(get(metrics, "/metrics").body()).contains("namelog_migrate_backfill_running{direction=\"reverse\"} 1.0");
        }
    }

    @Test
    void anUnknownEtaAndAnUnmeasuredLagAreNaNNotZero() {
        try (ToolMetrics metrics = ToolMetrics.off()) {
            metrics.backfill("forward").progress(0, 5, 0, null);
            assertThat(metrics.scrape()).contains("namelog_migrate_backfill_eta_seconds{direction=\"forward\"} NaN",
                    "namelog_migrate_backfill_replica_lag_bytes{direction=\"forward\"} NaN");
            assertThat(metrics.address()).isEmpty();
        }
    }

    @Test
    void stopsServingWhenClosed() throws Exception {
        ToolMetrics metrics = ToolMetrics.start(MetricsSettings.served("127.0.0.1", 0));
        InetSocketAddress address = metrics.address().orElseThrow();
        metrics.close();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + address.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPortInUseFailsWithTheAddressAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ToolMetrics.start(MetricsSettings.served("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("choose another --metrics-port");
        }
    }

    @Test
    void badValuesNameWhatWasWrong() {
        try (ToolMetrics metrics = ToolMetrics.off()) {
            BackfillGauges gauges = metrics.backfill("forward");
            assertThatThrownBy(() -> gauges.progress(-1, 5, 0, null)).hasMessageContaining("must not be negative");
            assertThatThrownBy(() -> gauges.progress(1, 5, Double.NaN, null)).hasMessageContaining("rows per second");
            assertThatThrownBy(() -> gauges.replicaLagBytes(-5)).hasMessageContaining("replica lag");
            assertThatThrownBy(() -> metrics.backfill("Forward Pass")).hasMessageContaining("direction must be a lowercase word");
        }
        assertThatThrownBy(() -> MetricsSettings.off().withPushTo(URI.create("ftp://gw:9091"), Duration.ofSeconds(1), "j"))
                .hasMessageContaining("http://host:9091");
        assertThatThrownBy(() -> MetricsSettings.off().withPushTo(URI.create("http://gw:9091/metrics"), Duration.ofSeconds(1), "j"))
                .hasMessageContaining("without a path");
        assertThatThrownBy(() -> MetricsSettings.served("0.0.0.0", 70_000)).hasMessageContaining("between 0 and 65535");
    }

    private HttpResponse<String> get(ToolMetrics metrics, String path) throws IOException, InterruptedException {
        InetSocketAddress address = metrics.address().orElseThrow();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
