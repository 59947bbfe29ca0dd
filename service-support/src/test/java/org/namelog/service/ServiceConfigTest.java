package org.namelog.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.namelog.dao.fleet.ReadPin;

class ServiceConfigTest {

    @Test
    void readsEveryVariable() {
        ServiceConfig config = ServiceConfig.fromEnvironment("service-a", Map.ofEntries(
                Map.entry("NAMELOG_JDBC_URL", "jdbc:postgresql://db:5432/app"),
                Map.entry("NAMELOG_DB_USER", "app"), Map.entry("NAMELOG_DB_PASSWORD", "secret"),
                Map.entry("PORT", "8081"), Map.entry("NAMELOG_INSTANCE_ID", "a-1"),
                Map.entry("NAMELOG_READ_PIN", "legacy"), Map.entry("NAMELOG_PHASE_POLL", "500ms"),
                Map.entry("NAMELOG_INSTANCE_TTL", "PT5S"), Map.entry("NAMELOG_DB_POOL_SIZE", "4"),
                Map.entry("NAMELOG_DB_CONNECT_TIMEOUT", "2s"), Map.entry("NAMELOG_SHUTDOWN_TIMEOUT", "1m"),
                Map.entry("NAMELOG_MAX_NAME_BYTES", "1000")));
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.instanceId()).isEqualTo("a-1");
        assertThat(config.readPin()).isEqualTo(ReadPin.LEGACY);
        assertThat(config.phasePoll()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.instanceTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.maxNameBytes()).isEqualTo(1000);
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void fallsBackToPgUserAndDefaults() {
        ServiceConfig config = ServiceConfig.fromEnvironment("service-b", Map.of(
                "NAMELOG_JDBC_URL", "jdbc:postgresql://db/app", "PGUSER", "pg", "PGPASSWORD", "pw"));
        assertThat(config.dbUser()).isEqualTo("pg");
        assertThat(config.dbPassword()).isEqualTo("pw");
        assertThat(config.port()).isZero();
        assertThat(config.instanceId()).startsWith("service-b@").endsWith(":" + ProcessHandle.current().pid());
        assertThat(config.readPin()).isEqualTo(ReadPin.NONE);
        assertThat(config.phasePoll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxNameBytes()).isEqualTo(1 << 20);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment("service-a", Map.of(
                "PORT", "eighty", "NAMELOG_READ_PIN", "new", "NAMELOG_PHASE_POLL", "5s",
                "NAMELOG_INSTANCE_TTL", "10s", "NAMELOG_DB_CONNECT_TIMEOUT", "soon")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).contains("PORT must be a whole number but was 'eighty'"))
                        .anySatisfy(p -> assertThat(p).contains("NAMELOG_READ_PIN").contains("NEW is what the fleet"))
                        .anySatisfy(p -> assertThat(p).contains("NAMELOG_JDBC_URL must be a PostgreSQL JDBC URL"))
                        .anySatisfy(p -> assertThat(p).contains("NAMELOG_DB_USER (or PGUSER)"))
                        .anySatisfy(p -> assertThat(p).contains("at most a third of NAMELOG_INSTANCE_TTL"))
                        .anySatisfy(p -> assertThat(p).contains("NAMELOG_DB_CONNECT_TIMEOUT: ").contains("is not a duration")));
    }

    @Test
    void countsUtf8BytesWithoutEncoding() {
        assertThat(Requests.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(Requests.utf8Length("")).isZero();
    }

    @Test
    void readsTheDeadlinesAndChecksThatOneAttemptFitsTheRequest() {
        ServiceConfig config = ServiceConfig.fromEnvironment("service-a", Map.of(
                "NAMELOG_JDBC_URL", "jdbc:postgresql://db/app", "PGUSER", "pg",
                "NAMELOG_REQUEST_TIMEOUT", "10s", "NAMELOG_DB_STATEMENT_TIMEOUT", "1500ms",
                "NAMELOG_DB_SOCKET_TIMEOUT", "2s", "NAMELOG_DB_CONNECT_TIMEOUT", "500ms"));
        assertThat(config.deadlines()).isEqualTo(new Deadlines(Duration.ofSeconds(10), Duration.ofMillis(1500),
                Duration.ofSeconds(2)));
        assertThat(config.deadlines().attempt(config.connectTimeout())).isEqualTo(Duration.ofMillis(2500));
        assertThat(ServiceConfig.of("service-a", "jdbc:postgresql://db/app", "pg", "").deadlines())
                .isEqualTo(Deadlines.defaults());

        assertThatThrownBy(() -> ServiceConfig.fromEnvironment("service-a", Map.of(
                "NAMELOG_JDBC_URL", "jdbc:postgresql://db/app", "PGUSER", "pg",
                "NAMELOG_REQUEST_TIMEOUT", "3s", "NAMELOG_DB_STATEMENT_TIMEOUT", "3s",
                "NAMELOG_DB_SOCKET_TIMEOUT", "2500ms")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("NAMELOG_DB_SOCKET_TIMEOUT must be whole seconds and longer"))
                        .anySatisfy(p -> assertThat(p).contains("NAMELOG_REQUEST_TIMEOUT (PT3S) must leave room for one attempt")));
    }
}
