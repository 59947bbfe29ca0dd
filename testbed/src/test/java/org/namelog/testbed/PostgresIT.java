package org.namelog.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresIT {

    @Test
    void shippedDurabilityRunsWithFsyncAndSynchronousCommitOn() throws SQLException {
        try (Postgres server = Postgres.embedded(Durability.SHIPPED).start()) {
            assertThat(show(server, "fsync")).isEqualTo("on");
            assertThat(show(server, "synchronous_commit")).isEqualTo("on");
            assertThat(show(server, "full_page_writes")).isEqualTo("on");
            assertThat(server.durabilitySettings()).contains("fsync=on", "synchronous_commit=on");
        }
    }

    @Test
    void fastDurabilityIsSaidSoAndSettingsOnTopWin() throws SQLException {
        try (Postgres server = Postgres.embedded(Durability.FAST).setting("work_mem", "8MB").start()) {
            assertThat(show(server, "fsync")).isEqualTo("off");
            assertThat(show(server, "synchronous_commit")).isEqualTo("off");
            assertThat(show(server, "work_mem")).isEqualTo("8MB");
            assertThat(server.toString()).contains("fast durability");
        }
    }

    @Test
    void aServerWithADataDirectoryKeepsItsDataAcrossARestartOnTheSamePort(@TempDir Path data) throws SQLException {
        try (Postgres server = Postgres.embedded(Durability.FAST).dataDirectory(data.resolve("pg")).start()) {
            server.createDatabase("kept", null);
            int port = server.port();
            try (Connection c = server.connect("kept"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v text); INSERT INTO t VALUES ('still here')");
            }
            server.stop();
            assertThatThrownBy(() -> server.connect("kept").close()).isInstanceOf(SQLException.class);
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            try (Connection c = server.connect("kept"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void databasesAreCreatedCopiedAndDropped() throws SQLException {
        try (Postgres server = Postgres.embedded(Durability.FAST).start()) {
            server.createDatabase("original", null);
            try (Connection c = server.connect("original"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t AS SELECT 42 AS v");
            }
            server.createDatabase("copy", "original");
            assertThat(server.databaseExists("copy")).isTrue();
            server.dropDatabase("copy");
            assertThat(server.databaseExists("copy")).isFalse();
            assertThatThrownBy(() -> server.createDatabase("Bad-Name", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad-Name");
        }
    }

    @Test
    void anUnreachableExternalServerFailsWithWhatToCheck() {
        assertThatThrownBy(() -> Postgres.external("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", ""))
                .isInstanceOf(PostgresException.class).hasMessageContaining("check the URL");
        assertThatThrownBy(() -> Postgres.external("jdbc:mysql://x/y", "u", ""))
                .isInstanceOf(PostgresException.class).hasMessageContaining("jdbc:postgresql://");
    }

    private static String show(Postgres server, String setting) throws SQLException {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
