package org.namelog.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.namelog.testing.TestDatabase;

/**
 * The versioned files and the migration tool are two ways to the same schema: Flyway for fresh
 * environments and tests, the tool for the live production table. Compared through the catalogs
 * after every step, and the tool takes over where Flyway stopped.
 */
class FlywayMatchesToolIT {

    /** Names that tell exact storage from almost-exact: empty, NULL, case, spaces, Unicode forms, long. */
    private static final List<String> NAMES = Arrays.asList("", null, "Müller", "Mu\u0308ller", "müller", " müller ",
            "tab\there", "emoji \uD83D\uDE00", "x".repeat(5_000));

    @Test
    void flywayAndTheToolProduceTheSameSchemaAfterEveryStep() throws SQLException {
        try (TestDatabase byTool = TestDatabase.createLegacy("by_tool");
                TestDatabase byFlyway = TestDatabase.createLegacy("by_flyway")) {
            for (TestDatabase db : List.of(byTool, byFlyway)) {
                insertNames(db);
                Tool.ok(db, "status"); // the tool's own state tables, in both, as the tool creates them
            }
            assertSameSchema(byFlyway, byTool, "the legacy schema (V1)");

            migrate(byFlyway, "5");
            Tool.ok(byTool, "expand");
            assertSameSchema(byFlyway, byTool, "Flyway V2..V5 and the tool's expand");

            try (LiveInstance instance = LiveInstance.start(byTool, "compare-1")) {
                Tool.ok(byTool, "advance", "--to", "DUAL_WRITE");
                Tool.ok(byTool, "backfill", "--no-progress");
                Tool.ok(byTool, "verify");
                Tool.ok(byTool, "validate");
                migrate(byFlyway, "7");
                assertSameSchema(byFlyway, byTool, "Flyway V6..V7 and the tool's validate");

                Tool.ok(byTool, "advance", "--to", "READ_NEW");
                Tool.ok(byTool, "advance", "--to", "NEW_ONLY");
                Tool.ok(byTool, "advance", "--to", "CONTRACTED");
                Tool.ok(byTool, "contract", "--yes");
            }
            migrate(byFlyway, "8");
            assertSameSchema(byFlyway, byTool, "Flyway V8 and the tool's contract");
        }
    }

    @Test
    void theToolTakesOverADatabaseWhoseExpandFlywayAppliedAndFlywayRecordsWhatTheToolDid() {
        try (TestDatabase db = TestDatabase.createLegacy("flyway_then_tool")) {
            List<Long> ids = insertNames(db);
            migrate(db, "5");

            Tool expand = Tool.ok(db, "expand");
            assertThat(expand.out()).as("expand found Flyway's objects in place").doesNotContainIgnoringCase("created");
            try (LiveInstance instance = LiveInstance.start(db, "takeover-1")) {
                for (String[] command : List.of(new String[] {"advance", "--to", "DUAL_WRITE"},
                        new String[] {"backfill", "--no-progress"}, new String[] {"verify"}, new String[] {"validate"},
                        new String[] {"advance", "--to", "READ_NEW"}, new String[] {"advance", "--to", "NEW_ONLY"},
                        new String[] {"advance", "--to", "CONTRACTED"}, new String[] {"contract", "--yes"})) {
                    Tool.ok(db, command);
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                List<List<Object>> row = db.queryRows("SELECT n.value FROM namelog l LEFT JOIN name n ON n.id = l.name_id"
                        + " WHERE l.id = " + ids.get(i));
                assertThat(row).as("entry %d", ids.get(i)).containsExactly(Arrays.asList(NAMES.get(i)));
            }

            // the steps ran by hand: Flyway records them without running them again
            Flyway record = FlywayRun.onLegacy(db.jdbcUrl(), db.user(), db.password()).skipExecutingMigrations(true).load();
            assertThat(record.migrate().success).isTrue();
            assertThat(Arrays.stream(record.info().applied()).map(MigrationInfo::getState))
                    .containsOnly(MigrationState.BASELINE, MigrationState.SUCCESS);
            assertThat(record.info().pending()).isEmpty();
            assertThat(record.info().current().getVersion().getVersion()).isEqualTo("8");
        }
    }

    @Test
    void theComparisonTellsAValidatedConstraintFromANotValidOne() throws SQLException {
        try (TestDatabase a = TestDatabase.createLegacy("compare_a"); TestDatabase b = TestDatabase.createLegacy("compare_b")) {
            migrate(a, "5");
            migrate(b, "5");
            b.execute("ALTER TABLE namelog VALIDATE CONSTRAINT namelog_name_id_fkey");
            try (Connection ca = a.connect(); Connection cb = b.connect()) {
                SchemaSnapshot left = SchemaSnapshot.of(ca);
                SchemaSnapshot right = SchemaSnapshot.of(cb);
                assertThat(left).isNotEqualTo(right);
                assertThat(left.objects().get("constraints")).anyMatch(line -> line.contains("validated=false"));
                left.objects().keySet().stream().filter(kind -> !kind.equals("constraints"))
                        .forEach(kind -> assertThat(left.objects().get(kind)).as(kind).isEqualTo(right.objects().get(kind)));
            }
        }
    }

    private static List<Long> insertNames(TestDatabase db) {
        try (Connection c = db.connect();
                var insert = c.prepareStatement("INSERT INTO namelog (name, status) VALUES (?, 1) RETURNING id")) {
            List<Long> ids = new java.util.ArrayList<>();
            for (String name : NAMES) {
                insert.setString(1, name);
                try (var rs = insert.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void migrate(TestDatabase db, String target) {
        Flyway flyway = FlywayRun.onLegacy(db.jdbcUrl(), db.user(), db.password()).target(target).load();
        assertThat(flyway.migrate().success).isTrue();
    }

    private static void assertSameSchema(TestDatabase byFlyway, TestDatabase byTool, String step) throws SQLException {
        SchemaSnapshot flyway;
        SchemaSnapshot tool;
        try (Connection f = byFlyway.connect(); Connection t = byTool.connect()) {
            flyway = SchemaSnapshot.of(f);
            tool = SchemaSnapshot.of(t);
        }
        assertThat(flyway.objects().get("relations")).as("the catalog query found the tables").isNotEmpty();
        assertThat(flyway).as(step + ": the schema Flyway made (left) and the tool made (right)").isEqualTo(tool);
    }
}
