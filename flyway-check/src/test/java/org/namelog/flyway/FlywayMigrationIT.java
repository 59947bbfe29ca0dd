package org.namelog.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/** shared-dao's db/migration files under real Flyway, as a team keeping its schema in Flyway runs them. */
@PostgresTest
class FlywayMigrationIT {

    @Test
    void onAnEmptyDatabaseFlywayRunsEveryForwardFileInOrderAndNoUndoFile() {
        try (EmptyDatabase db = EmptyDatabase.create("flyway_empty")) {
            Flyway flyway = FlywayRun.configure(db.jdbcUrl(), db.user(), db.password()).load();

            MigrateResult result = flyway.migrate();

            assertThat(result.success).isTrue();
            assertThat(applied(flyway)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
            // CREATE INDEX CONCURRENTLY: marked for Flyway in its own per-script configuration
            assertThat(getClass().getClassLoader().getResource("db/migration/V4__index_namelog_name_id.sql.conf"))
                    .as("V4's Flyway script configuration").isNotNull();
            assertThat(Arrays.stream(flyway.info().all()).map(MigrationInfo::getScript))
                    .noneMatch(script -> script.startsWith("U"));
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'namelog'::regclass"
                    + " AND attname = 'name' AND NOT attisdropped")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'namelog_name_id_idx'::regclass"
                    + " AND indisvalid")).isEqualTo(1);
        }
    }

    @Test
    void onTheLegacyDatabaseFlywayBaselinesAtV1AndKeepsItsRows(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status) VALUES ('alpha', 1), (NULL, 2), ('', 3)");
        Flyway flyway = FlywayRun.onLegacy(db.jdbcUrl(), db.user(), db.password()).target("5").load();

        MigrateResult result = flyway.migrate();

        assertThat(result.success).isTrue();
        List<MigrationInfo> history = Arrays.stream(flyway.info().applied()).toList();
        assertThat(history.get(0).getType()).isEqualTo(CoreMigrationType.BASELINE);
        assertThat(history.get(0).getVersion().getVersion()).isEqualTo("1");
        assertThat(applied(flyway)).containsExactly("1", "2", "3", "4", "5");
        assertThat(db.queryRows("SELECT name, status FROM namelog ORDER BY id"))
                .containsExactly(List.of("alpha", 1), Arrays.asList(null, 2), List.of("", 3));
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'namelog_name_id_fkey'"
                + " AND NOT convalidated")).isEqualTo(1);
    }

    private static List<String> applied(Flyway flyway) {
        return Arrays.stream(flyway.info().applied())
                .filter(m -> m.getState() == MigrationState.SUCCESS || m.getState() == MigrationState.BASELINE)
                .map(m -> m.getVersion().getVersion())
                .toList();
    }
}
