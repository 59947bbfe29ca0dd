package org.namelog.service.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.namelog.service.HttpTestClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.namelog.dao.flag.Phase;
import org.namelog.service.FleetSchema;
import org.namelog.service.HttpTestClient;
import org.namelog.service.HttpTestClient.Reply;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.time.Duration;

/** Every endpoint of service A, in every phase, against a real PostgreSQL. */
@PostgresTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceAIT {

    private static RunningService service;
    private static HttpTestClient http;
    /** Every entry written so far and the name it must read back with, across phases. */
    private static final Map<Long, String> written = new LinkedHashMap<>();
    private static Phase phase = Phase.LEGACY;

    @BeforeAll
    static void start(TestDatabase db) {
        FleetSchema.createStateTables(db);
        service = ServiceA.start(config(db, "a-main"));
        http = new HttpTestClient(service.port());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    static ServiceConfig config(TestDatabase db, String id) {
        return ServiceConfig.of(ServiceA.SERVICE, db.jdbcUrl(), db.user(), db.password()).withInstanceId(id)
                .withPhasePoll(Duration.ofMillis(50));
    }

    @Test
    @Order(1)
    void rejectsMalformedJsonNamingTheBody() {
        Reply reply = http.post("/entries", "{\"name\": \"x\", ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("body");
        assertThat(reply.json().get("error").asText()).contains("not valid JSON");
        assertThat(http.post("/entries", "[1]").json().get("field").asText()).isEqualTo("body");
    }

    @Test
    @Order(1)
    void rejectsMissingAndMistypedFieldsNamingThem() {
        assertBadRequest(http.post("/entries", "{\"status\": 1}"), "name", "name is missing");
        assertBadRequest(http.post("/entries", "{\"name\": \"x\"}"), "status", "status is missing");
        assertBadRequest(http.post("/entries", "{\"name\": 5, \"status\": 1}"), "name", "must be a string or null");
        assertBadRequest(http.post("/entries", "{\"name\": \"x\", \"status\": 1.5}"), "status", "whole number");
        assertBadRequest(http.post("/entries", "{\"name\": \"x\", \"status\": 3000000000}"), "status", "whole number");
        assertBadRequest(http.put("/entries/1/status", "{}"), "status", "status is missing");
        assertBadRequest(http.put("/entries/1/name", "{}"), "name", "name is missing");
        assertBadRequest(http.get("/entries/abc"), "id", "positive whole number");
        assertBadRequest(http.put("/entries/-4/status", "{\"status\": 1}"), "id", "positive whole number");
    }

    @Test
    @Order(1)
    void rejectsNulCharactersAndLoneSurrogatesInNames() {
        assertBadRequest(http.post("/entries", "{\"name\": \"a\\u0000b\", \"status\": 1}"), "name", "NUL");
        assertBadRequest(http.post("/entries", "{\"name\": \"a\\ud800\", \"status\": 1}"), "name", "surrogate");
        long id = http.post("/entries", json(Map.of("name", "ok", "status", 1))).json().get("id").asLong();
        assertBadRequest(http.put("/entries/" + id + "/name", "{\"name\": \"\\u0000\"}"), "name", "NUL");
        assertThat(http.get("/entries/" + id).json().get("name").asText()).isEqualTo("ok");
        written.put(id, "ok");
    }

    @Test
    @Order(1)
    void acceptsAOneMebibyteNameAndRejectsALargerOne() {
        String oneMiB = "m".repeat(1 << 20);
        Reply created = http.post("/entries", json(Map.of("name", oneMiB, "status", 1)));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(http.get("/entries/" + id).json().get("name").asText()).isEqualTo(oneMiB);
        written.put(id, oneMiB);

        assertBadRequest(http.post("/entries", json(Map.of("name", oneMiB + "x", "status", 1))), "name",
                "more than the 1048576");
        assertBadRequest(http.put("/entries/" + id + "/name", json(Map.of("name", "é".repeat(1 << 19) + "x"))),
                "name", "1048577 bytes");

        // a body far above what any accepted name needs is refused before it is parsed
        Reply tooLarge = http.post("/entries", json(Map.of("name", "x".repeat(7 << 20), "status", 1)));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("field").asText()).isEqualTo("body");
    }

    @Test
    @Order(1)
    void answers404ForUnknownIds() {
        assertThat(http.get("/entries/999999999").status()).isEqualTo(404);
        assertThat(http.put("/entries/999999999/status", "{\"status\": 1}").status()).isEqualTo(404);
        Reply rename = http.put("/entries/999999999/name", "{\"name\": \"x\"}");
        assertThat(rename.status()).isEqualTo(404);
        assertThat(rename.json().get("error").asText()).isEqualTo("no entry with id 999999999");
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    @Order(2)
    void everyEndpointWorksInEveryPhase(Phase next, TestDatabase db) {
        FleetSchema.enter(db, phase, next);
        phase = next;
        FleetSchema.awaitPhase(() -> service.flags().state().phase(), next);
        JsonNode health = http.get("/health").json();
        assertThat(health.get("phase").asText()).isEqualTo(next.name());
        assertThat(health.at("/paths/read").asText()).isEqualTo(next.paths().read().name());
        assertThat(health.at("/paths/write").asText()).isEqualTo(next.paths().write().name());

        Map<String, String> names = new LinkedHashMap<>();
        names.put("plain", "Ada Lovelace " + next);
        names.put("empty", "");
        names.put("unicode", "Zoë 😀 " + next);
        names.put("shared", "same name in every phase");
        names.put("null", null);
        Map<Long, String> created = new HashMap<>();
        for (String name : names.values()) {
            Map<String, Object> body = new HashMap<>();
            body.put("name", name);
            body.put("status", 7);
            Reply reply = http.post("/entries", json(body));
            assertThat(reply.status()).as("POST %s in %s", name, next).isEqualTo(201);
            long id = reply.json().get("id").asLong();
            assertThat(reply.header("Location")).isEqualTo("/entries/" + id);
            created.put(id, name);
        }
        created.forEach((id, name) -> {
            JsonNode entry = http.get("/entries/" + id).json();
            assertThat(entry.get("id").asLong()).isEqualTo(id);
            assertThat(entry.get("status").asInt()).isEqualTo(7);
            assertThat(entry.get("name").isNull()).isEqualTo(name == null);
            if (name != null) {
                assertThat(entry.get("name").asText()).isEqualTo(name);
            }
            assertThat(entry.get("timestamp").asText()).isNotBlank();
        });
        long first = created.keySet().iterator().next();
        assertThat(http.put("/entries/" + first + "/status", "{\"status\": 9}").status()).isEqualTo(204);
        assertThat(http.get("/entries/" + first).json().get("status").asInt()).isEqualTo(9);
        assertThat(http.put("/entries/" + first + "/name", "{\"name\": \"renamed in " + next + "\"}").status())
                .isEqualTo(204);
        created.put(first, "renamed in " + next);
        long second = created.keySet().stream().filter(id -> id != first).findFirst().orElseThrow();
        assertThat(http.put("/entries/" + second + "/name", "{\"name\": null}").status()).isEqualTo(204);
        created.put(second, null);
        written.putAll(created);

        // everything written in this phase and the ones before reads back exactly
        written.forEach((id, name) -> {
            JsonNode entry = http.get("/entries/" + id).json();
            assertThat(entry.get("name").isNull()).as("entry %d in %s", id, next).isEqualTo(name == null);
            if (name != null) {
                assertThat(entry.get("name").asText()).as("entry %d in %s", id, next).isEqualTo(name);
            }
        });
    }

    @Test
    @Order(3)
    void reportsHealthAndMetrics() {
        Reply health = http.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/database/reachable").asBoolean()).isTrue();
        assertThat(health.json().get("stale").asBoolean()).isFalse();
        assertThat(health.json().get("instanceId").asText()).isEqualTo("a-main");

        Reply metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains(
                "http_server_requests_seconds_count{method=\"POST\",route=\"/entries\",status=\"201\"}",
                "route=\"/entries/{id}\"",
                "namelog_dao_calls_seconds_count",
                "cache_gets_total{cache=\"namelog.name.ids\"",
                "resilience4j_retry_calls",
                "resilience4j_circuitbreaker_state",
                "hikaricp_connections");
    }

    @Test
    @Order(4)
    void aServiceThatCannotStartReleasesWhatItStarted(TestDatabase db) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ServiceA.start(config(db, "a-port-taken").withPort(service.port())))
                .isInstanceOf(org.namelog.service.ServiceException.class).hasMessageContaining("cannot start");
        assertThat(db.queryLong("SELECT count(*) FROM namelog_instances WHERE instance_id = 'a-port-taken'")).isZero();
    }

    @Test
    @Order(4)
    void stoppingLetsARequestInFlightFinish(TestDatabase db) throws Exception {
        RunningService second = ServiceA.start(config(db, "a-stopping"));
        int port = second.port();
        HttpTestClient client = new HttpTestClient(port);
        long id = client.post("/entries", json(Map.of("name", "locked", "status", 1))).json().get("id").asLong();
        CompletableFuture<Reply> inFlight;
        CompletableFuture<Void> stopping;
        try (Connection lock = db.connect()) {
            lock.setAutoCommit(false);
            try (PreparedStatement s = lock.prepareStatement("SELECT 1 FROM namelog WHERE id = ? FOR UPDATE")) {
                s.setLong(1, id);
                s.executeQuery().close();
            }
            inFlight = client.putAsync("/entries/" + id + "/status", "{\"status\": 5}");
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);
            stopping = CompletableFuture.runAsync(second::stop);
            // the service no longer accepts connections, while the request waits on the row lock
            await().atMost(Duration.ofSeconds(20)).until(() -> refusesConnections(port));
            assertThat(inFlight).isNotDone();
            lock.commit();
        }
        Reply reply = inFlight.get(20, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(204);
        stopping.get(20, TimeUnit.SECONDS);
        assertThat(db.queryLong("SELECT status FROM namelog WHERE id = " + id)).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM namelog_instances WHERE instance_id = 'a-stopping'")).isZero();
    }

    private static boolean refusesConnections(int port) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            return !socket.isConnected();
        } catch (ConnectException refused) {
            return true;
        } catch (java.io.IOException other) {
            return false;
        }
    }

    private static void assertBadRequest(Reply reply, String field, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo(field);
        assertThat(reply.json().get("error").asText()).contains(message);
    }
}
