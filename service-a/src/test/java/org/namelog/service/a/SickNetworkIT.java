package org.namelog.service.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.service.Deadlines;
import org.namelog.service.FleetSchema;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * Service A under load, its database behind a TCP proxy the test controls (NetCrusher, in this
 * JVM): a black hole, added latency, connections reset in the middle of commits. Every request
 * ends within its deadline, with 201/200 or 503 + Retry-After; the breaker opens and closes again;
 * no acknowledged write is lost and none is written twice.
 */
@PostgresTest
class SickNetworkIT {

    /** Small deadlines keep the test short: one attempt ends within 0.5 s + 2 s. */
    private static final Deadlines DEADLINES = new Deadlines(Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    private static final Duration CONNECT = Duration.ofMillis(500);
    /** What this loaded 2-core machine may add to a request's deadline (HTTP, scheduling). */
    private static final long SLACK_MILLIS = 1_500;

    private static NioReactor reactor;
    private static TcpCrusher proxy;
    private static final AtomicLong delayNanos = new AtomicLong();
    private static RunningService service;
    private static Load load;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        FleetSchema.createStateTables(db);
        FleetSchema.enter(db, Phase.LEGACY, Phase.DUAL_WRITE);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI target = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        Throttler latency = buffer -> delayNanos.get();
        reactor = new NioReactor(5);
        proxy = TcpCrusherBuilder.builder().withReactor(reactor)
                .withBindAddress(new InetSocketAddress("127.0.0.1", port))
                .withConnectAddress(target.getHost(), target.getPort())
                .withIncomingThrottlerFactory(client -> latency)
                .withOutgoingThrottlerFactory(client -> latency)
                .buildAndOpen();
        String viaProxy = "jdbc:postgresql://127.0.0.1:" + port + target.getPath();
        service = ServiceA.start(ServiceConfig.of(ServiceA.SERVICE, viaProxy, db.user(), db.password())
                .withInstanceId("a-sick").withPhasePoll(Duration.ofMillis(100)).withConnectTimeout(CONNECT)
                .withDeadlines(DEADLINES));
    }

    @AfterAll
    static void stop() {
        service.stop();
        proxy.close();
        reactor.close();
    }

    @AfterEach
    void heal() throws Exception {
        if (load != null) {
            load.close();
        }
        delayNanos.set(0);
        if (proxy.isFrozen()) {
            proxy.unfreeze();
        }
        // the next test starts from an instance that is back, as the product defines it
        await().atMost(Duration.ofSeconds(60)).until(() -> health() == 200);
    }

    @Test
    void aSilentDatabaseLeavesRequestsHangingAndTheBreakerClosed(TestDatabase db) throws Exception {
        load = new Load(service.port(), "hole");
        load.awaitAcknowledged(20);

        proxy.freeze(); // packets go nowhere: no answer, no reset
        long frozenAt = System.nanoTime();
        // the fleet's own connections go through the proxy too: whichever comes first, the open
        // breaker or the instance's lease on the phase running out, requests fail fast with 503
        await().atMost(Duration.ofSeconds(30)).until(() -> load.unavailable.get() > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == 503);
        load.awaitFinished(load.started.get());
        long frozenFor = (System.nanoTime() - frozenAt) / 1_000_000;

        proxy.unfreeze();
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);
        int afterRecovery = load.acknowledged.get();
        load.awaitAcknowledged(afterRecovery + 20);
        load.close();

        assertThat(load.unavailable.get()).as("503 + Retry-After during the black hole").isPositive();
        assertEveryRequestEndedWithinItsDeadline();
        assertThat(frozenFor).isPositive();
        assertNoAcknowledgedWriteLostOrDuplicated(db);
    }

    @Test
    void addedLatencyIsServedAndLatencyPastTheSocketTimeoutFailsWithinTheDeadline(TestDatabase db) throws Exception {
        // the pool's connections are open before the latency comes: opening one takes several round
        // trips, which 40 ms each way could push past the connect timeout on a loaded machine
        load = new Load(service.port(), "slow");
        load.awaitAcknowledged(20);
        int unavailableBefore = load.unavailable.get();
        delayNanos.set(Duration.ofMillis(40).toNanos());
        load.awaitAcknowledged(load.acknowledged.get() + 20);
        assertThat(load.unavailable.get() - unavailableBefore).as("40 ms each way is only slower").isZero();

        delayNanos.set(Duration.ofSeconds(3).toNanos()); // longer than the socket timeout
        int before = load.unavailable.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.unavailable.get() >= before + 5);
        delayNanos.set(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);
        load.awaitAcknowledged(load.acknowledged.get() + 20);
        load.close();

        assertEveryRequestEndedWithinItsDeadline();
        assertNoAcknowledgedWriteLostOrDuplicated(db);
    }

    @Test
    void connectionsResetInTheMiddleOfCommitsLoseAndDuplicateNothing(TestDatabase db) throws Exception {
        // a little latency so that resets often fall between a statement and its commit's answer
        delayNanos.set(Duration.ofMillis(5).toNanos());
        load = new Load(service.port(), "reset");
        load.awaitAcknowledged(20);
        for (int i = 0; i < 10; i++) {
            int acknowledged = load.acknowledged.get() + load.unavailable.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.get() + load.unavailable.get()
                    >= acknowledged + 3);
            proxy.closeAllPairs();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);
        load.awaitAcknowledged(load.acknowledged.get() + 20);
        load.close();

        assertThat(load.unavailable.get()).as("some writes were cut off").isPositive();
        assertEveryRequestEndedWithinItsDeadline();
        assertNoAcknowledgedWriteLostOrDuplicated(db);
    }

    // ------------------------------------------------------------------ checks

    private static void assertEveryRequestEndedWithinItsDeadline() {
        assertThat(load.problems).as("answers other than 201/200 or 503 with Retry-After").isEmpty();
        assertThat(load.slowest.get()).as("slowest request, ms")
                .isLessThan(DEADLINES.request().toMillis() + SLACK_MILLIS);
    }

    private static void assertNoAcknowledgedWriteLostOrDuplicated(TestDatabase db) {
        Map<String, List<Long>> stored = new HashMap<>();
        for (List<Object> row : db.queryRows("SELECT name, id FROM namelog WHERE name LIKE '" + load.prefix + "-%'")) {
            stored.computeIfAbsent((String) row.get(0), n -> new ArrayList<>()).add(((Number) row.get(1)).longValue());
        }
        stored.forEach((name, ids) -> assertThat(ids).as("rows named %s", name).hasSize(1));
        load.written.forEach((name, id) -> assertThat(stored.get(name)).as("acknowledged %s", name).containsExactly(id));
    }

    private static int health() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + service.port() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Four clients inserting entries with unique names, and reading back what was acknowledged. */
    private static final class Load implements AutoCloseable {

        private static final ObjectMapper JSON = new ObjectMapper();

        final String prefix;
        final Map<String, Long> written = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicLong slowest = new AtomicLong();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Thread> clients = new ArrayList<>();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI base;

        Load(int port, String prefix) {
            this.prefix = prefix + "-" + System.nanoTime();
            this.base = URI.create("http://localhost:" + port);
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> run(client), "sick-load-" + c);
                t.setDaemon(true);
                clients.add(t);
                t.start();
            }
        }

        private void run(int client) {
            for (int i = 0; !stopped.get() && i < 100_000; i++) {
                String name = prefix + "-" + client + "-" + i;
                boolean write = i % 3 != 2 || written.isEmpty();
                HttpRequest request = write
                        ? HttpRequest.newBuilder(base.resolve("/entries")).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"status\":1}")).build()
                        : HttpRequest.newBuilder(base.resolve("/entries/" + written.values().iterator().next()))
                                .timeout(Duration.ofSeconds(30)).GET().build();
                started.incrementAndGet();
                long start = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    int status = response.statusCode();
                    if (status == 201) {
                        written.put(name, JSON.readTree(response.body()).get("id").asLong());
                        acknowledged.incrementAndGet();
                    } else if (status == 200) {
                        acknowledged.incrementAndGet();
                    } else if (status == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                        unavailable.incrementAndGet();
                    } else {
                        problems.add(status + " " + response.body());
                    }
                } catch (Exception e) {
                    problems.add("no answer: " + e);
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= count || !problems.isEmpty());
            assertThat(problems).isEmpty();
        }

        /** Waits until the requests started so far have all ended: none hangs. */
        void awaitFinished(int count) {
            await().atMost(DEADLINES.request().plusMillis(SLACK_MILLIS).plusSeconds(2))
                    .until(() -> finished.get() >= count);
        }

        @Override
        public void close() throws InterruptedException {
            stopped.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
    }
}
