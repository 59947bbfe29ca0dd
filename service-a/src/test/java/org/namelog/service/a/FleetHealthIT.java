package org.namelog.service.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.namelog.service.HttpTestClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.namelog.service.FleetSchema;
import org.namelog.service.HttpTestClient;
import org.namelog.service.HttpTestClient.Reply;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.service.ServiceException;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * The instance's view of the fleet over HTTP: its phase follower and heartbeat do not wait behind
 * requests, a dead background thread or an expired lease turns {@code /health} DOWN and calls into
 * 503, and without the fleet's state tables it does not start (issues #9 and #10).
 */
@PostgresTest
class FleetHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ServiceConfig config(TestDatabase db, String instanceId, String poolSize) {
        return ServiceConfig.fromEnvironment(ServiceA.SERVICE, Map.of(
                "NAMELOG_JDBC_URL", db.jdbcUrl(), "NAMELOG_DB_USER", db.user(), "NAMELOG_DB_PASSWORD", db.password(),
                "NAMELOG_INSTANCE_ID", instanceId, "NAMELOG_PHASE_POLL", "50ms", "NAMELOG_DB_POOL_SIZE", poolSize));
    }

    @Test
    void phasePollHasItsOwnConnectionUnderPoolSaturation() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("saturated_pool")) {
            FleetSchema.createStateTables(db);
            db.expand();
            try (RunningService service = ServiceA.start(config(db, "a-saturated", "2"))) {
                HttpTestClient http = new HttpTestClient(service.port());
                long id = http.post("/entries", json(Map.of("name", "held", "status", 1))).json().get("id").asLong();
                List<CompletableFuture<Reply>> held;
                try (Connection lock = db.connect()) {
                    lock.setAutoCommit(false);
                    try (PreparedStatement s = lock.prepareStatement("SELECT 1 FROM namelog WHERE id = ? FOR UPDATE")) {
                        s.setLong(1, id);
                        s.executeQuery().close();
                    }
                    // both connections of the request pool now wait on the row lock
                    held = List.of(http.putAsync("/entries/" + id + "/status", "{\"status\": 2}"),
                            http.putAsync("/entries/" + id + "/status", "{\"status\": 3}"));
                    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE wait_event_type = 'Lock' AND datname = current_database()") == 2);

                    db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");

                    await().atMost(WAIT).until(() -> "DUAL_WRITE".equals(http.get("/health").json().get("phase").asText()));
                    Reply health = http.get("/health");
                    assertThat(health.status()).isEqualTo(200);
                    assertThat(health.json().at("/lease/held").asBoolean()).isTrue();
                    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM namelog_instances"
                            + " WHERE instance_id = 'a-saturated' AND phase = 'DUAL_WRITE' AND NOT stale") == 1);
                    long seen = db.queryLong("SELECT (extract(epoch FROM last_seen) * 1000)::bigint FROM namelog_instances"
                            + " WHERE instance_id = 'a-saturated'");
                    await("it goes on beating").atMost(WAIT).until(() -> db.queryLong(
                            "SELECT (extract(epoch FROM last_seen) * 1000)::bigint FROM namelog_instances"
                                    + " WHERE instance_id = 'a-saturated'") > seen);
                    assertThat(held).noneMatch(CompletableFuture::isDone);
                    lock.commit();
                }
                for (CompletableFuture<Reply> reply : held) {
                    assertThat(reply.get(20, TimeUnit.SECONDS).status()).isEqualTo(204);
                }
            }
        }
    }

    @Test
    void errorInBackgroundThreadTurnsHealthDown() {
        try (TestDatabase db = TestDatabase.createLegacy("dying_follower")) {
            FleetSchema.createStateTables(db);
            db.expand();
            try (RunningService service = ServiceA.start(config(db, "a-dying", "4"))) {
                HttpTestClient http = new HttpTestClient(service.port());
                Reply up = http.get("/health");
                assertThat(up.status()).isEqualTo(200);
                assertThat(up.json().at("/threads/phaseFollower").asText()).isEqualTo("RUNNING");
                assertThat(up.json().at("/threads/heartbeat").asText()).isEqualTo("RUNNING");
                assertThat(http.post("/entries", json(Map.of("name", "before", "status", 1))).status()).isEqualTo(201);

                // what a request that ran the JVM out of memory may leave on any thread
                service.flags().onChange(() -> {
                    throw new OutOfMemoryError("injected by the test");
                });
                db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");

                await().atMost(WAIT).until(() -> http.get("/health").status() == 503);
                JsonNode down = http.get("/health").json();
                assertThat(down.get("status").asText()).isEqualTo("DOWN");
                assertThat(down.at("/threads/phaseFollower").asText()).isEqualTo("STOPPED: OutOfMemoryError");

                // and once its lease has run out it serves nothing, reads included
                await().atMost(WAIT).until(() -> !http.get("/health").json().at("/lease/held").asBoolean());
                Reply refused = http.post("/entries", json(Map.of("name", "after", "status", 1)));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(http.get("/entries/1").status()).isEqualTo(503);
                assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name = 'after'")).isZero();
            }
        }
    }

    @Test
    void aServiceRefusesToStartWithoutTheFleetStateTablesNamingTheCommandThatCreatesThem() {
        try (TestDatabase db = TestDatabase.createLegacy("no_state_tables")) {
            assertThatThrownBy(() -> ServiceA.start(config(db, "a-early", "4")))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("state tables do not exist")
                    .hasMessageContaining("namelog-migrate status");
        }
    }
}
