package org.namelog.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.namelog.testing.PostgresServer;

/** The rollout survives what production throws at it, while the services keep serving. */
class RolloutFaultsIT {

    private static final String SLOW_BACKFILL_BATCHES = "--batch-size=200";

    private static DemoDatabase testServerDatabase(String label) {
        PostgresServer server = PostgresServer.get();
        return DemoDatabase.external(server.jdbcUrl("postgres"), server.user(), server.password(),
                label + "_" + ProcessHandle.current().pid());
    }

    @Test
    void theToolKilledMidBackfillResumesAndNothingIsLost() throws Exception {
        try (RolloutRig rig = new RolloutRig(testServerDatabase("fault_kill"), 30_000)) {
            rig.step("expand");
            rig.step("advance", "--to", "DUAL_WRITE");

            Process backfill = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    "org.namelog.migration.NameLogMigrate", "--jdbc-url", rig.db.jdbcUrl(), "--user", rig.db.user(),
                    "backfill", "--no-progress", SLOW_BACKFILL_BATCHES, "--max-batch-size=200",
                    "--pause-between-batches=50ms")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    rig.queryLong("SELECT coalesce(max(rows_updated), 0) FROM namelog_backfill_checkpoint") > 0);
            backfill.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint write
            assertThat(backfill.waitFor()).isNotZero();
            long doneWhenKilled = rig.queryLong("SELECT rows_updated FROM namelog_backfill_checkpoint WHERE direction = 'forward'");
            assertThat(doneWhenKilled).isLessThan(rig.rows);

            rig.step("backfill", "--no-progress");
            rig.step("verify");
            rig.awaitRequests(50);

            assertThat(rig.stopLoadAndCountLostWrites()).isZero();
            assertThat(rig.log.count(RequestLog.Outcome.ERROR)).as("%s", rig.log.problems()).isZero();
            assertThat(rig.log.count(RequestLog.Outcome.WRONG_READ)).as("%s", rig.log.problems()).isZero();
            assertThat(rig.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL")).isZero();
        }
    }

    @Test
    void aDatabaseRestartDuringTheBackfillCosts503sOnlyAndTheToolResumes(@TempDir Path data) throws Exception {
        try (RolloutRig rig = new RolloutRig(DemoDatabase.restartable("fault_restart", data.resolve("pg")), 30_000)) {
            rig.step("expand");
            rig.step("advance", "--to", "DUAL_WRITE");
            CompletableFuture<RolloutRig.ToolResult> backfill = CompletableFuture.supplyAsync(() -> rig.tool(
                    "backfill", "--no-progress", SLOW_BACKFILL_BATCHES, "--max-batch-size=200",
                    "--pause-between-batches=50ms"));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    rig.queryLong("SELECT coalesce(max(rows_updated), 0) FROM namelog_backfill_checkpoint") > 0);

            rig.load.expectOutage(true);
            rig.db.stopServer();
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.log.count(RequestLog.Outcome.UNAVAILABLE) >= 10);
            RolloutRig.ToolResult interrupted = backfill.get();
            assertThat(interrupted.exitCode()).as(interrupted.output()).isNotZero();
            rig.db.startServer();

            // The services recover by themselves, without a restart. An instance is back when its
            // /health says so: the phase read again, and its breaker closed by a successful probe.
            // Only then is the outage over for the load; no timer decides it.
            await().atMost(Duration.ofSeconds(60)).until(() -> everyInstanceIsBack(rig));
            rig.load.expectOutage(false);
            rig.step("backfill", "--no-progress");
            rig.step("verify");
            rig.awaitRequests(50);

            assertThat(rig.stopLoadAndCountLostWrites()).as("acknowledged writes missing").isZero();
            assertThat(rig.log.count(RequestLog.Outcome.UNAVAILABLE)).as("503 with Retry-After during the outage")
                    .isPositive();
            assertThat(rig.log.count(RequestLog.Outcome.ERROR)).as("anything but 503 + Retry-After: %s",
                    rig.log.problems()).isZero();
            assertThat(rig.log.count(RequestLog.Outcome.WRONG_READ)).as("%s", rig.log.problems()).isZero();
        }
    }

    @Test
    void aLongTransactionHoldingALockNeverBlocksRequestsBeyondTheLockTimeout() throws Exception {
        String lockTimeout = "--lock-timeout=300ms";
        try (RolloutRig rig = new RolloutRig(testServerDatabase("fault_lock"), 10_000)) {
            List<Double> worstDuringHolds = new ArrayList<>();

            worstDuringHolds.add(holdWhile(rig, "ACCESS SHARE", lockTimeout, "expand"));
            rig.step("advance", "--to", "DUAL_WRITE");
            rig.step("backfill", "--no-progress");
            rig.step("verify");
            worstDuringHolds.add(holdWhile(rig, "SHARE UPDATE EXCLUSIVE", lockTimeout, "validate"));
            rig.step("advance", "--to", "READ_NEW");
            rig.step("advance", "--to", "NEW_ONLY");
            rig.step("advance", "--to", "CONTRACTED");
            worstDuringHolds.add(holdWhile(rig, "ACCESS SHARE", lockTimeout, "contract", "--yes"));
            rig.awaitRequests(30);

            assertThat(rig.queryLong("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'namelog' AND column_name = 'name'")).as("contracted").isZero();
            // Each hold lasted several lock timeouts (at least three retries). Without the
            // timeout, requests would queue behind the waiting DDL for the whole hold; with it, a
            // request waits at most one lock timeout. The margin covers this shared 2-core machine.
            assertThat(worstDuringHolds).allSatisfy(ms -> assertThat(ms).isLessThan(300 + 1_500));
            assertThat(rig.stopLoadAndCountLostWrites()).isZero();
            assertThat(rig.log.count(RequestLog.Outcome.ERROR)).as("%s", rig.log.problems()).isZero();
            assertThat(rig.log.count(RequestLog.Outcome.WRONG_READ)).as("%s", rig.log.problems()).isZero();
        }
    }

    /**
     * Holds {@code mode} on namelog in a transaction of its own while the tool runs {@code step}:
     * waits until the step has timed out on the lock three times, releases the lock, and expects the
     * step to succeed. Returns the worst latency of the requests made during the hold.
     */
    private static double holdWhile(RolloutRig rig, String mode, String lockTimeout, String... step) throws Exception {
        long timeoutsBefore = rig.queryLong("SELECT count(*) FROM namelog_migration_history WHERE outcome = 'lock-timeout'");
        long holdStart;
        CompletableFuture<RolloutRig.ToolResult> run;
        try (Connection blocker = rig.db.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE namelog IN " + mode + " MODE");
            holdStart = rig.log.nowMillis();
            List<String> args = new ArrayList<>(List.of(lockTimeout, "--max-ddl-retries=100"));
            args.addAll(List.of(step));
            run = CompletableFuture.supplyAsync(() -> rig.tool(args.toArray(String[]::new)));
            await().atMost(Duration.ofSeconds(120)).until(() -> rig.queryLong(
                    "SELECT count(*) FROM namelog_migration_history WHERE outcome = 'lock-timeout'") >= timeoutsBefore + 3);
            assertThat(run).as("the step waits while the lock is held").isNotDone();
            blocker.rollback();
        }
        long holdEnd = rig.log.nowMillis();
        RolloutRig.ToolResult result = run.get();
        assertThat(result.exitCode()).as(result.output()).isZero();
        return rig.log.requests().stream()
                .filter(r -> r.startMillis() >= holdStart && r.startMillis() <= holdEnd)
                .mapToDouble(RequestLog.Request::latencyMillis).max().orElseThrow();
    }

    /** Whether every instance's /health is UP: phase fresh, circuit breaker closed (see DatabaseCalls). */
    private static boolean everyInstanceIsBack(RolloutRig rig) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<URI> all = new ArrayList<>(rig.fleet.targets().serviceA());
        all.addAll(rig.fleet.targets().serviceB());
        for (URI base : all) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"circuitBreakerOpen\":false")) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
