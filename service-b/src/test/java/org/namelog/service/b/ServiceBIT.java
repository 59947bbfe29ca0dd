package org.namelog.service.b;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.service.FleetSchema;
import org.namelog.service.HttpTestClient;
import org.namelog.service.HttpTestClient.Reply;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * Every endpoint of service B, in every phase, against a real PostgreSQL. Entries are written by
 * a DAO following the same phase, as service A would.
 */
@PostgresTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceBIT {

    private static RunningService service;
    private static HttpTestClient http;
    private static StaticFlagSource writerFlags;
    private static NameLogDao writer;
    private static final Map<Long, String> written = new LinkedHashMap<>();
    private static Phase phase = Phase.LEGACY;

    @BeforeAll
    static void start(TestDatabase db) {
        FleetSchema.createStateTables(db);
        service = ServiceB.start(ServiceConfig.of(ServiceB.SERVICE, db.jdbcUrl(), db.user(), db.password())
                .withInstanceId("b-main").withPhasePoll(Duration.ofMillis(50)));
        http = new HttpTestClient(service.port());
        writerFlags = StaticFlagSource.of(Phase.LEGACY);
        writer = NameLogDao.create(db.dataSource(), writerFlags, new SimpleMeterRegistry(), DaoConfig.defaults());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    @Order(1)
    void rejectsBadQueryParametersNamingThem() {
        assertBadRequest(http.get("/entries?limit=0"), "limit");
        assertBadRequest(http.get("/entries?limit=1001"), "limit");
        assertBadRequest(http.get("/entries?limit=ten"), "limit");
        assertBadRequest(http.get("/entries?after=-1"), "after");
        assertBadRequest(http.get("/entries?name=" + HttpTestClient.query("a\u0000b")), "name");
        assertBadRequest(http.get("/entries/0"), "id");
        assertThat(http.get("/entries/424242").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    @Order(2)
    void everyEndpointWorksInEveryPhase(Phase next, TestDatabase db) {
        FleetSchema.enter(db, phase, next);
        phase = next;
        writerFlags.set(next);
        FleetSchema.awaitPhase(() -> service.flags().state().phase(), next);
        assertThat(http.get("/health").json().get("phase").asText()).isEqualTo(next.name());

        String shared = "shared " + next;
        for (String name : new String[] {shared, "", "Zoë 😀", null, shared, shared}) {
            written.put(writer.insert(name, 100 + next.ordinal()), name);
        }

        // by id: everything written so far, in any phase
        written.forEach((id, name) -> {
            JsonNode entry = http.get("/entries/" + id).json();
            assertThat(entry.get("name").isNull()).as("entry %d in %s", id, next).isEqualTo(name == null);
            if (name != null) {
                assertThat(entry.get("name").asText()).isEqualTo(name);
            }
        });

        if (next == Phase.READ_NEW) {
            readPinnedServiceReadsTheTextAndAgrees(db);
        }

        // by name, paged two at a time
        List<Long> expected = written.entrySet().stream().filter(e -> shared.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        assertThat(pageThrough("/entries?name=" + HttpTestClient.query(shared) + "&limit=2")).isEqualTo(expected);
        List<Long> empty = written.entrySet().stream().filter(e -> "".equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        assertThat(pageThrough("/entries?name=&limit=2")).as("the empty name is a name").isEqualTo(empty);

        // all entries, paged
        assertThat(pageThrough("/entries?limit=4")).containsExactlyElementsOf(written.keySet());

        // counts by status
        Reply stats = http.get("/stats/status");
        assertThat(stats.status()).isEqualTo(200);
        Map<Integer, Long> counts = new LinkedHashMap<>();
        stats.json().forEach(row -> counts.put(row.get("status").asInt(), row.get("count").asLong()));
        Map<Integer, Long> fromDatabase = new LinkedHashMap<>();
        db.queryRows("SELECT status, count(*) FROM namelog GROUP BY status ORDER BY status")
                .forEach(row -> fromDatabase.put((Integer) row.get(0), (Long) row.get(1)));
        assertThat(counts).containsExactlyEntriesOf(fromDatabase);
        assertThat(counts).containsEntry(100 + next.ordinal(), 6L);
    }

    @Test
    @Order(3)
    void reportsHealthAndMetrics() {
        Reply health = http.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("service").asText()).isEqualTo("service-b");
        assertThat(health.json().at("/paths/nameColumn").asText()).isEqualTo("DROPPED");
        assertThat(http.get("/metrics").body()).contains(
                "http_server_requests_seconds_count{method=\"GET\",route=\"/stats/status\",status=\"200\"}",
                "route=\"/entries\"", "namelog_dao_calls_seconds_count{operation=\"findByName\"",
                "resilience4j_circuitbreaker_state");
    }

    /** A service B pinned to LEGACY reads while the fleet is on READ_NEW: same answers, through the text. */
    private static void readPinnedServiceReadsTheTextAndAgrees(TestDatabase db) {
        try (RunningService pinned = ServiceB.start(ServiceConfig.of(ServiceB.SERVICE, db.jdbcUrl(), db.user(),
                db.password()).withInstanceId("b-pinned").withReadPin(ReadPin.LEGACY))) {
            HttpTestClient pinnedHttp = new HttpTestClient(pinned.port());
            JsonNode health = pinnedHttp.get("/health").json();
            assertThat(health.get("phase").asText()).isEqualTo("READ_NEW");
            assertThat(health.get("readPin").asText()).isEqualTo("LEGACY");
            assertThat(health.at("/paths/read").asText()).isEqualTo("LEGACY");
            assertThat(health.at("/paths/write").asText()).isEqualTo("DUAL");
            written.keySet().forEach(id -> assertThat(pinnedHttp.get("/entries/" + id).json())
                    .isEqualTo(http.get("/entries/" + id).json()));
            assertThat(pinnedHttp.get("/metrics").body())
                    .contains("namelog_dao_calls_seconds_count{operation=\"findById\",read=\"LEGACY\",write=\"DUAL\"}");
        }
    }

    private List<Long> pageThrough(String firstPage) {
        List<Long> ids = new ArrayList<>();
        String next = firstPage;
        while (next != null) {
            Reply reply = http.get(next);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            reply.json().get("entries").forEach(e -> ids.add(e.get("id").asLong()));
            JsonNode after = reply.json().get("nextAfter");
            next = after.isNull() ? null : firstPage + "&after=" + after.asLong();
        }
        return ids;
    }

    private static void assertBadRequest(Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo(field);
    }
}
