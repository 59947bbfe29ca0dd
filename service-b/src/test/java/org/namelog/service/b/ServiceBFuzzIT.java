package org.namelog.service.b;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.namelog.dao.flag.Phase;
import org.namelog.service.EndpointFuzz;
import org.namelog.service.FleetSchema;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.testing.TestDatabase;

/** Every endpoint of service B under generated requests: never a 500, always our JSON shape, always answering. */
class ServiceBFuzzIT {

    private static TestDatabase db;
    private static RunningService service;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() {
        db = TestDatabase.createLegacy("ServiceBFuzzIT");
        FleetSchema.createStateTables(db);
        FleetSchema.enter(db, Phase.LEGACY, Phase.DUAL_WRITE);
        service = ServiceB.start(ServiceConfig.of(ServiceB.SERVICE, db.jdbcUrl(), db.user(), db.password())
                .withInstanceId("b-fuzz").withPhasePoll(Duration.ofMillis(200)));
        db.execute("INSERT INTO namelog (name, status) SELECT 'seed ' || g, g % 5 FROM generate_series(1, 20) g");
    }

    @AfterContainer
    static void stop() {
        service.stop();
        db.close();
    }

    @Property(tries = 250)
    void everyAnswerIsAllowedAndShapedAndTheServiceKeepsAnswering(@ForAll("requests") EndpointFuzz.Fuzzed request)
            throws Exception {
        assertThat(EndpointFuzz.check(http, service.port(), request)).as("%s", request).isNull();
        assertThat(new org.namelog.service.HttpTestClient(service.port()).get("/health").status()).isEqualTo(200);
    }

    @Provide
    Arbitrary<EndpointFuzz.Fuzzed> requests() {
        return EndpointFuzz.requests(List.of("/entries", "/entries/{id}", "/stats/status", "/entries/{id}/status",
                "/health", "/{id}", "/entries/{id}/{id}"));
    }
}
