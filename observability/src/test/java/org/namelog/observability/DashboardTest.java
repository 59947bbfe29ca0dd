package org.namelog.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboard is valid JSON that imports anywhere, and every query in it parses as PromQL. */
class DashboardTest {

    @Test
    void everyQueryParsesAsPromQl(@TempDir Path dir) throws IOException {
        // promtool has no "check query" offline; a recording rule per query makes it parse each one
        Map<String, String> queries = Shipped.dashboardExpressions();
        assertThat(queries).hasSizeGreaterThan(15);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String query : queries.values()) {
            rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: '")
                    .append(Shipped.asPrometheusSees(query).replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard.rules.yml"), rules);

        Promtool.Result result = Promtool.run(dir, "check", "rules", "dashboard.rules.yml");

        assertThat(result.exitCode()).as(queries + "\n" + result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void importsWithAnyPrometheusDataSourceAndLaysOutEveryPanel() {
        JsonNode dashboard = Shipped.dashboard();
        assertThat(dashboard.path("uid").asText()).isEqualTo("namelog-rollout");
        assertThat(dashboard.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as(panel.path("title").asText()).isBetween(1, 24);
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
    }
}
