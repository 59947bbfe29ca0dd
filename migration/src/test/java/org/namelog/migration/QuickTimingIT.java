package org.namelog.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.namelog.testing.TestDatabase;

/** Throwaway: in-process timing on 200k rows (test server settings), not committed. */
class QuickTimingIT {

    static final int ROWS = Integer.getInteger("timing.rows", 200_000);

    static void load(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status, \"timestamp\") SELECT CASE WHEN random() < 0.05 THEN NULL"
                + " ELSE 'name ' || floor(20000 * power(random(), 3))::int END, 1, '2001-02-03 04:05:06Z'"
                + " FROM generate_series(1, " + ROWS + ") i", "VACUUM ANALYZE namelog");
        db.expand();
    }

    static String size(TestDatabase db) {
        return db.queryLong("SELECT pg_table_size('namelog')") / 1024 / 1024 + " MB";
    }

    @Test
    void timing() throws Exception {
        StringBuilder report = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            try (TestDatabase db = TestDatabase.createLegacy("timing_one")) {
                load(db);
                String before = size(db);
                long t0 = System.nanoTime();
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    s.execute("SET session_replication_role = replica");
                    s.execute("INSERT INTO name (value) SELECT DISTINCT name FROM namelog WHERE name IS NOT NULL"
                            + " ON CONFLICT (name_value_digest(value)) DO NOTHING");
                    s.execute("UPDATE namelog l SET name_id = n.id FROM name n WHERE n.value = l.name AND l.name_id IS NULL");
                }
                report.append("one statement: ").append((System.nanoTime() - t0) / 1_000_000).append(" ms, size ")
                        .append(before).append(" -> ").append(size(db)).append('\n');
            }
            for (String workers : new String[] {"1", "2"}) {
                try (TestDatabase db = TestDatabase.createLegacy("timing_tool")) {
                    load(db);
                    String before = size(db);
                    ToolRun est = ToolRun.on(db, "estimate", "--workers", workers);
                    String predicted = est.out().lines().filter(l -> l.startsWith("estimate-seconds")).findFirst().orElse("?");
                    long t0 = System.nanoTime();
                    ToolRun run = ToolRun.on(db, "backfill", "--no-progress", "--workers", workers);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    report.append("tool --workers ").append(workers).append(": ").append(ms).append(" ms (exit ")
                            .append(run.exitCode()).append("), ").append(predicted).append(", size ").append(before)
                            .append(" -> ").append(size(db)).append('\n');
                }
            }
        }
        System.out.println("TIMING\n" + report);
        java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/timing/report.txt"), report.toString());
    }
}
