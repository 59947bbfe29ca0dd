package org.namelog.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.namelog.migration.NameLogMigrate;
import org.namelog.testing.PostgresServer;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * The tool's backfill, its connections to PostgreSQL going through a TCP proxy the test controls
 * (NetCrusher): reset in the middle of the run, it stops, and run again it resumes from its
 * checkpoint and finishes with every row migrated and none twice.
 */
class BackfillThroughSickNetworkIT {

    private static final long ROWS = 20_000;

    @Test
    void aBackfillCutOffByAResetResumesFromItsCheckpoint() throws Exception {
        PostgresServer server = PostgresServer.get();
        try (DemoDatabase db = DemoDatabase.external(server.jdbcUrl("postgres"), server.user(), server.password(),
                "sick_backfill_" + ProcessHandle.current().pid());
                NioReactor reactor = new NioReactor(5)) {
            db.load(ROWS, done -> { });
            URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            try (TcpCrusher proxy = TcpCrusherBuilder.builder().withReactor(reactor)
                    .withBindAddress(new InetSocketAddress("127.0.0.1", port))
                    .withConnectAddress(direct.getHost(), direct.getPort()).buildAndOpen()) {
                String viaProxy = "jdbc:postgresql://127.0.0.1:" + port + direct.getPath();
                assertThat(tool(db, viaProxy, "expand").exitCode).isZero();
                assertThat(tool(db, viaProxy, "advance", "--to", "DUAL_WRITE", "--no-instances-expected").exitCode)
                        .isZero();

                CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> tool(db, viaProxy, "backfill",
                        "--no-progress", "--batch-size=200", "--max-batch-size=200", "--pause-between-batches=20ms"));
                // reset every connection (the batch's and the advisory lock's) a few times, each
                // once the backfill made progress since the last one
                long lastSeen = 0;
                for (int reset = 0; reset < 5 && !first.isDone(); reset++) {
                    long before = lastSeen;
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                            .until(() -> first.isDone() || checkpoint(db) > before);
                    lastSeen = checkpoint(db);
                    proxy.closeAllPairs();
                }
                Result cut = first.get();
                long doneAfterResets = checkpoint(db);
                assertThat(doneAfterResets).as("progress kept in the checkpoint").isPositive();
                if (cut.exitCode != 0) {
                    // the reset stopped it: run it again, and it goes on from its checkpoint
                    Result resumed = tool(db, viaProxy, "backfill", "--no-progress");
                    assertThat(resumed.exitCode).as(cut.output + "\n---\n" + resumed.output).isZero();
                }
                assertThat(checkpoint(db)).isGreaterThanOrEqualTo(doneAfterResets);
                assertThat(tool(db, viaProxy, "verify").exitCode).isZero();
            }
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL")).isZero();
            assertThat(db.queryLong("SELECT count(*) - count(DISTINCT value) FROM name")).as("no name twice").isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog")).isGreaterThanOrEqualTo(ROWS);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result tool(DemoDatabase db, String url, String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url, "--user", db.user()));
        all.addAll(List.of(args));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            int code = NameLogMigrate.run(Map.of("NAMELOG_PASSWORD", db.password()), out, out, all.toArray(String[]::new));
            return new Result(code, buffer.toString(StandardCharsets.UTF_8));
        }
    }

    private static long checkpoint(DemoDatabase db) throws Exception {
        return db.queryLong("SELECT coalesce(max(rows_updated), 0) FROM namelog_backfill_checkpoint"
                + " WHERE direction = 'forward'");
    }
}
