package org.namelog.service.b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.service.FleetSchema;
import org.namelog.service.HttpTestClient;
import org.namelog.service.HttpTestClient.Reply;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.service.ServiceException;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * A real database outage: the services' login role loses LOGIN and its sessions are ended, so
 * every new connection is refused by PostgreSQL itself.
 */
@PostgresTest
class ServiceOutageIT {

    private static final String ROLE = "service_outage_" + ProcessHandle.current().pid();

    @BeforeAll
    static void role(TestDatabase db) {
        FleetSchema.createStateTables(db);
        FleetSchema.enter(db, Phase.LEGACY, Phase.DUAL_WRITE);
        db.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'outage'",
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + ROLE,
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + ROLE);
    }

    @AfterAll
    static void dropRole(TestDatabase db) {
        db.execute("DROP OWNED BY " + ROLE, "DROP ROLE " + ROLE);
    }

    @Test
    void anUnreachableDatabaseGives503WithRetryAfterAndAStaleHealthReport(TestDatabase db) {
        ServiceConfig config = ServiceConfig.of(ServiceB.SERVICE, db.jdbcUrl(), ROLE, "outage")
                .withInstanceId("b-outage").withPhasePoll(Duration.ofMillis(50))
                .withConnectTimeout(Duration.ofMillis(300));
        try (RunningService b = ServiceB.start(config)) {
            HttpTestClient http = new HttpTestClient(b.port());
            assertThat(http.get("/stats/status").status()).isEqualTo(200);

            db.execute("ALTER ROLE " + ROLE + " NOLOGIN",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
            try {
                Reply reply = http.get("/entries/1");
                assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
                assertThat(reply.json().get("error").asText()).contains("unreachable");
                // enough failures open the DAO's circuit breaker: 503 at once, retry after its open time
                Reply open = await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/entries/1"),
                        r -> r.body().contains("circuit breaker is open"));
                assertThat(open.status()).isEqualTo(503);
                assertThat(Long.parseLong(open.header("Retry-After"))).isBetween(1L, 2L);
                assertThat(open.json().get("code").asText()).isEqualTo("database_unavailable");
                assertThat(open.body()).doesNotContain("localhost", "127.0.0.1", "total=", "active=", "idle=");

                await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/health").status() == 503);
                Reply health = http.get("/health");
                assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
                assertThat(health.json().get("stale").asBoolean()).isTrue();
                assertThat(health.json().get("phase").asText()).as("keeps its last phase").isEqualTo("DUAL_WRITE");
                assertThat(health.json().at("/paths/write").asText()).isEqualTo("DUAL");
            } finally {
                db.execute("ALTER ROLE " + ROLE + " LOGIN");
            }
            // back is what /health says: the phase is fresh and the breaker closed by its one probe
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health").status() == 200);
            Reply back = http.get("/health");
            assertThat(back.json().get("stale").asBoolean()).isFalse();
            assertThat(back.json().at("/database/circuitBreakerOpen").asBoolean()).isFalse();
            assertThat(http.get("/stats/status").status()).as("served at once once healthy").isEqualTo(200);
        }
    }

    @Test
    void aServiceRefusesToStartWhenItCannotReadThePhase(TestDatabase db) {
        db.execute("ALTER ROLE " + ROLE + " NOLOGIN");
        try {
            ServiceConfig config = ServiceConfig.of(ServiceB.SERVICE, db.jdbcUrl(), ROLE, "outage")
                    .withConnectTimeout(Duration.ofMillis(300));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceB.start(config))
                    .isInstanceOf(ServiceException.class).hasMessageContaining("never guesses its phase");
        } finally {
            db.execute("ALTER ROLE " + ROLE + " LOGIN");
        }
    }
}
