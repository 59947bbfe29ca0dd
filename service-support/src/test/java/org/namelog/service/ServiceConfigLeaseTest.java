package org.namelog.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigLeaseTest {

    private static final Map<String, String> BASE = Map.of("NAMELOG_JDBC_URL", "jdbc:postgresql://db/app",
            "PGUSER", "pg");

    private static Map<String, String> with(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(BASE);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theLeaseIsThreePollsAndAtLeastThreeSecondsByDefault() {
        assertThat(ServiceConfig.fromEnvironment("service-a", BASE).phaseLease()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ServiceConfig.fromEnvironment("service-a", with("NAMELOG_PHASE_POLL", "50ms")).phaseLease())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(ServiceConfig.fromEnvironment("service-a", with("NAMELOG_PHASE_POLL", "2s")).phaseLease())
                .isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void readsTheLeaseFromTheEnvironment() {
        assertThat(ServiceConfig.fromEnvironment("service-a", with("NAMELOG_PHASE_LEASE", "2500ms")).phaseLease())
                .isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void refusesALeaseShorterThanTwoPolls() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment("service-a",
                with("NAMELOG_PHASE_POLL", "1s", "NAMELOG_PHASE_LEASE", "1500ms")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).contains("NAMELOG_PHASE_LEASE must be at least twice NAMELOG_PHASE_POLL")));
    }
}
