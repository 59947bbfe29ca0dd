package org.namelog.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.ExitCode;
import org.namelog.migration.metrics.BackfillGauges;
import org.namelog.migration.metrics.MetricsSettings;
import org.namelog.migration.metrics.ToolMetrics;
import org.namelog.service.FleetSchema;
import org.namelog.service.HttpTestClient;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.service.a.ServiceA;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * Every metric the shipped alert rules and dashboard read is exported by a running service and a
 * running tool: an alert on a metric nobody exports never fires, and a panel stays empty.
 */
@PostgresTest
class ExportedMetricsIT {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsExported(TestDatabase db) throws Exception {
        FleetSchema.createStateTables(db);
        RunningService service = ServiceA.start(ServiceConfig.of(ServiceA.SERVICE, db.jdbcUrl(), db.user(),
                db.password()).withInstanceId("a-observed").withPhasePoll(Duration.ofMillis(50)));
        try (ToolMetrics tool = ToolMetrics.start(MetricsSettings.served("127.0.0.1", 0))) {
            HttpTestClient http = new HttpTestClient(service.port());
            long id = http.post("/entries", "{\"name\": \"observed\", \"status\": 1}").json().get("id").asLong();
            assertThat(http.get("/entries/" + id).status()).isEqualTo(200);
            // the tool as a backfill drives it
            try (BackfillGauges backfill = tool.backfill("forward")) {
                backfill.progress(1, 2, 10, Duration.ofSeconds(1));
                backfill.batch(Duration.ofMillis(5), 1);
                backfill.replicaLagBytes(0);
                backfill.paused(false);
            }
            tool.fleetPhase(Phase.DUAL_WRITE);
            tool.commandFinished("backfill", ExitCode.OK);

            Set<String> exported = new TreeSet<>(MetricNames.exposedBy(scrape(service.port())));
            exported.addAll(MetricNames.exposedBy(scrape(tool.address().orElseThrow().getPort())));

            Map<String, String> queries = new LinkedHashMap<>();
            Shipped.alertExpressions().forEach((alert, expr) -> queries.put("alert " + alert, expr));
            Shipped.dashboardExpressions().forEach((panel, expr) -> queries.put("panel " + panel, expr));
            Map<String, Set<String>> missing = new LinkedHashMap<>();
            Set<String> read = new TreeSet<>();
            queries.forEach((where, expr) -> {
                Set<String> names = MetricNames.readBy(expr);
                assertThat(names).as("%s reads no metric: %s", where, expr).isNotEmpty();
                read.addAll(names);
                Set<String> absent = new TreeSet<>(names);
                absent.removeAll(exported);
                if (!absent.isEmpty()) {
                    missing.put(where, absent);
                }
            });
            assertThat(missing).as("metrics read by the rules or the dashboard that nothing exports"
                    + " (exported: %s)", exported).isEmpty();
            assertThat(read).contains("namelog_dao_shadow_mismatches_total", "namelog_instance_phase_stale",
                    "resilience4j_circuitbreaker_state", "namelog_migrate_backfill_rows_done",
                    "http_server_requests_seconds_count", "namelog_dao_calls_seconds_bucket");
        } finally {
            service.stop();
        }
    }

    @Test
    void anInstanceReportsThePhaseItFollowsAndWhenItCannotReadIt(TestDatabase db) throws Exception {
        FleetSchema.createStateTables(db);
        RunningService service = ServiceA.start(ServiceConfig.of(ServiceA.SERVICE, db.jdbcUrl(), db.user(),
                db.password()).withInstanceId("a-phase").withPhasePoll(Duration.ofMillis(50)));
        try {
            String tags = "instance_id=\"a-phase\",phase=\"%s\",service=\"" + ServiceA.SERVICE + "\"";
            assertThat(scrape(service.port())).contains(
                    "namelog_instance_phase{" + tags.formatted("LEGACY") + "} 1.0",
                    "namelog_instance_phase{" + tags.formatted("DUAL_WRITE") + "} 0.0",
                    "namelog_instance_phase_stale{instance_id=\"a-phase\",service=\"" + ServiceA.SERVICE + "\"} 0.0",
                    "namelog_instance_read_pinned{instance_id=\"a-phase\",service=\"" + ServiceA.SERVICE + "\"} 0.0");

            FleetSchema.enter(db, Phase.LEGACY, Phase.DUAL_WRITE);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape(service.port())).contains(
                    "namelog_instance_phase{" + tags.formatted("DUAL_WRITE") + "} 1.0",
                    "namelog_instance_phase{" + tags.formatted("LEGACY") + "} 0.0",
                    "namelog_instance_phase_index{instance_id=\"a-phase\",service=\"" + ServiceA.SERVICE + "\"} 1.0"));

            // a phase this version does not know: the instance keeps its paths and says it is stale
            db.execute("UPDATE namelog_migration_phase SET phase = 'FROM_THE_FUTURE'");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape(service.port())).contains(
                    "namelog_instance_phase_stale{instance_id=\"a-phase\",service=\"" + ServiceA.SERVICE + "\"} 1.0",
                    "namelog_instance_phase{" + tags.formatted("DUAL_WRITE") + "} 1.0"));
        } finally {
            service.stop();
        }
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }
}
