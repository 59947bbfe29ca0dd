package org.namelog.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@PostgresTest
class PostgresServerIT {

    @Test
    void theServerIsTheVersionTheBuildAskedFor(TestDatabase db) {
        long versionNum = db.queryLong("SELECT current_setting('server_version_num')::int");
        boolean chosenByTheBuild = System.getenv("NAMELOG_TEST_JDBC_URL") == null;
        if (chosenByTheBuild) {
            assertThat(versionNum / 10_000).as("server_version_num %s", versionNum)
                    .isEqualTo(Long.parseLong(PostgresServer.majorVersion()));
        } else {
            assertThat(versionNum / 10_000).as("an external server must be PostgreSQL 12 or later").isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void eachTestClassHasItsOwnUtf8Database(TestDatabase db) {
        assertThat(db.queryRows("SELECT current_database(), pg_encoding_to_char(encoding) FROM pg_database"
                + " WHERE datname = current_database()"))
                .containsExactly(java.util.List.of(db.name(), "UTF8"));
    }
}
