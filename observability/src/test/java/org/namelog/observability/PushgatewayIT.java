package org.namelog.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.ExitCode;
import org.namelog.migration.NameLogMigrate;
import org.namelog.migration.metrics.BackfillGauges;
import org.namelog.migration.metrics.MetricsSettings;
import org.namelog.migration.metrics.ToolMetrics;
import org.namelog.service.FleetSchema;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * The tool pushes to a real Prometheus Pushgateway while a backfill runs, and once more when it
 * ends, so that the Pushgateway keeps the final values (running 0: no stall alert afterwards).
 */
@PostgresTest
class PushgatewayIT {

    private static final String INSTALL = "prometheus-pushgateway not found: install it with"
            + " `apt-get install prometheus-pushgateway` (Debian/Ubuntu; .ci/run does), or unpack a release from"
            + " https://prometheus.io/download/, or set PUSHGATEWAY=/path/to/pushgateway";

    private final HttpClient http = HttpClient.newHttpClient();
    private Process gateway;
    private URI url;

    @BeforeEach
    void startPushgateway() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        url = URI.create("http://127.0.0.1:" + port);
        gateway = new ProcessBuilder(executable().toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/-/ready").statusCode() == 200);
    }

    @AfterEach
    void stopPushgateway() throws InterruptedException {
        gateway.destroy();
        gateway.waitFor();
    }

    @Test
    void pushesWhileTheBackfillRunsAndLeavesTheFinalValues() throws Exception {
        MetricsSettings settings = MetricsSettings.off().withPushTo(url, Duration.ofMillis(200), "namelog-migrate");
        try (ToolMetrics metrics = ToolMetrics.start(settings)) {
            BackfillGauges backfill = metrics.backfill("forward");
            backfill.progress(300, 1_000, 150, Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("/metrics").body()).contains(
                    "namelog_migrate_backfill_rows_done{direction=\"forward\",instance=\"\",job=\"namelog-migrate\"} 300",
                    "namelog_migrate_backfill_running{direction=\"forward\",instance=\"\",job=\"namelog-migrate\"} 1"));

            backfill.progress(1_000, 1_000, 0, Duration.ZERO);
            backfill.close();
            metrics.commandFinished("backfill", ExitCode.OK);
        }
        // closed: the last push happened before close() returned
        assertThat(get("/metrics").body()).contains(
                "namelog_migrate_backfill_rows_done{direction=\"forward\",instance=\"\",job=\"namelog-migrate\"} 1000",
                "namelog_migrate_backfill_running{direction=\"forward\",instance=\"\",job=\"namelog-migrate\"} 0",
                "namelog_migrate_commands_total{command=\"backfill\",instance=\"\",job=\"namelog-migrate\",outcome=\"ok\"} 1");
    }

    @Test
    void aRealCommandPushesTheFleetPhaseAndItsOutcome(TestDatabase db) throws Exception {
        FleetSchema.createStateTables(db);
        FleetSchema.enter(db, Phase.LEGACY, Phase.DUAL_WRITE);
        Map<String, String> env = db.password() == null ? Map.of() : Map.of("NAMELOG_PASSWORD", db.password());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = NameLogMigrate.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), "status", "--jdbc-url", db.jdbcUrl(),
                "--user", db.user(), "--metrics-push-url", url.toString());

        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        assertThat(get("/metrics").body()).contains(
                "namelog_migrate_fleet_phase{instance=\"\",job=\"namelog-migrate\",phase=\"DUAL_WRITE\"} 1",
                "namelog_migrate_fleet_phase{instance=\"\",job=\"namelog-migrate\",phase=\"LEGACY\"} 0",
                "namelog_migrate_fleet_phase_index{instance=\"\",job=\"namelog-migrate\"} 1",
                "namelog_migrate_commands_total{command=\"status\",instance=\"\",job=\"namelog-migrate\",outcome=\"ok\"} 1");
    }

    @Test
    void anUnreachablePushgatewayNeverStopsTheCommand() throws InterruptedException {
        gateway.destroy();
        gateway.waitFor();
        MetricsSettings settings = MetricsSettings.off().withPushTo(url, Duration.ofMillis(100), "namelog-migrate");
        try (ToolMetrics metrics = ToolMetrics.start(settings)) {
            metrics.backfill("forward").progress(1, 2, 1, null);
            metrics.commandFinished("backfill", ExitCode.OK);
        }
        assertThat(gateway.isAlive()).isFalse();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path executable() {
        String configured = System.getenv("PUSHGATEWAY");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? path : fail("PUSHGATEWAY=" + configured + " is not an executable file. " + INSTALL);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"prometheus-pushgateway", "pushgateway"}) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail(INSTALL);
    }
}
