package org.namelog.demo;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.namelog.migration.NameLogMigrate;

/**
 * A small production for the fault tests: a loaded NameLog, two instances each of services A
 * and B, and checked HTTP load on them; the tool runs against the same database.
 */
final class RolloutRig implements AutoCloseable {

    /** What one run of the tool returned and printed. */
    record ToolResult(int exitCode, String output) {}

    final DemoDatabase db;
    final RequestLog log = new RequestLog();
    final DemoFleet fleet;
    final LoadGenerator load;
    final long rows;

    RolloutRig(DemoDatabase db, long rows) throws SQLException {
        this.db = db;
        this.rows = rows;
        db.load(rows, done -> { });
        this.fleet = DemoFleet.start(db, 2, 2);
        this.load = new LoadGenerator(fleet.targets(), rows, 4, 80, log);
        load.start();
        awaitRequests(50);
    }

    /** Runs {@code namelog-migrate} in this JVM against the rig's database. */
    ToolResult tool(String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", db.jdbcUrl(), "--user", db.user()));
        all.addAll(List.of(args));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            int code = NameLogMigrate.run(Map.of("NAMELOG_PASSWORD", db.password()), out, out, all.toArray(String[]::new));
            return new ToolResult(code, buffer.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs the tool and insists on success, so a failed step says what the tool said. */
    void step(String... args) {
        ToolResult result = tool(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("namelog-migrate " + String.join(" ", args) + " exited " + result.exitCode()
                    + ":\n" + result.output());
        }
        if (args[0].equals("advance") || args[0].equals("back")) {
            log.phase(args[2]);
        }
    }

    /** Waits until the load has made {@code more} further requests: the services are serving. */
    void awaitRequests(int more) {
        int target = log.requests().size() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> log.requests().size() >= target);
    }

    long queryLong(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    /** Stops the load and reads back every entry it changed; returns how many do not read as acknowledged. */
    long stopLoadAndCountLostWrites() throws InterruptedException {
        load.close();
        return load.checkEveryOwnedEntry()[1];
    }

    @Override
    public void close() throws Exception {
        try {
            load.close();
        } finally {
            try {
                fleet.close();
            } finally {
                db.close();
            }
        }
    }
}
