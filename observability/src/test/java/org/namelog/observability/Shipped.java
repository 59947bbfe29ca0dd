package org.namelog.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files this module ships, and every PromQL expression in them, named by where it sits. */
final class Shipped {

    static final Path PROMETHEUS = Path.of("prometheus").toAbsolutePath();
    static final Path RULES = PROMETHEUS.resolve("namelog-rollout.rules.yml");
    static final Path RULES_TEST = PROMETHEUS.resolve("namelog-rollout.rules.test.yml");
    static final Path DASHBOARD = Path.of("grafana", "namelog-rollout.json").toAbsolutePath();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Shipped() {
    }

    static JsonNode rules() {
        return read(YAML, RULES);
    }

    static JsonNode rulesTest() {
        return read(YAML, RULES_TEST);
    }

    static JsonNode dashboard() {
        return read(JSON, DASHBOARD);
    }

    /** Every alert's expression, by alert name. */
    static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : rules().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** Every query of the dashboard (panels, rows' panels, annotations), by panel title and refId. */
    static Map<String, String> dashboardExpressions() {
        JsonNode dashboard = dashboard();
        Map<String, String> expressions = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) {
                expressions.put("annotation " + annotation.path("name").asText(), annotation.path("expr").asText());
            }
        }
        return expressions;
    }

    /** Grafana's variables replaced by what Prometheus gets for them, so that promtool can parse the query. */
    static String asPrometheusSees(String grafanaQuery) {
        return grafanaQuery.replace("$__rate_interval", "5m").replace("$__interval", "1m")
                .replace("$__range", "3h");
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid " + (mapper == JSON ? "JSON" : "YAML") + ": "
                    + e.getMessage(), e);
        }
    }
}
