package org.namelog.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped alert rules load in Prometheus and fire exactly when their unit tests say. */
class AlertRulesTest {

    @Test
    void rulesPassPromtoolCheck() {
        Promtool.Result result = Promtool.run(Shipped.PROMETHEUS, "check", "rules", Shipped.RULES.getFileName().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + Shipped.alertExpressions().size() + " rules found");
    }

    @Test
    void rulesPassTheirPromtoolUnitTests() {
        Promtool.Result result = Promtool.run(Shipped.PROMETHEUS, "test", "rules", Shipped.RULES_TEST.getFileName().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatExpectsItToFire() {
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : Shipped.rulesTest().path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asText());
                }
            }
        }
        assertThat(firing).containsExactlyInAnyOrderElementsOf(Shipped.alertExpressions().keySet());
    }
}
