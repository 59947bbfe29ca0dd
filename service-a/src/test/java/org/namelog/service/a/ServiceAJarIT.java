package org.namelog.service.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.namelog.service.FleetSchema;
import org.namelog.service.HttpTestClient;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/** The shaded jar runs as {@code java -jar}, configured from the environment, and stops gracefully on SIGTERM. */
@PostgresTest
class ServiceAJarIT {

    @Test
    void runsFromTheShadedJarAndStopsOnSigterm(TestDatabase db) throws Exception {
        FleetSchema.createStateTables(db);
        Path jar = Path.of("target", "service-a.jar");
        assertThat(jar).as("built by the package phase").exists();
        int port = freePort();
        Path log = Files.createTempFile("service-a", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("NAMELOG_JDBC_URL", db.jdbcUrl(), "NAMELOG_DB_USER", db.user(),
                "NAMELOG_DB_PASSWORD", db.password(), "PORT", Integer.toString(port),
                "NAMELOG_INSTANCE_ID", "a-jar"));
        Process process = builder.start();
        try {
            HttpTestClient http = new HttpTestClient(port);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.get("/health").status() == 200);
            long id = http.post("/entries", HttpTestClient.json(Map.of("name", "from the jar", "status", 3)))
                    .json().get("id").asLong();
            assertThat(http.get("/entries/" + id).json().get("name").asText()).isEqualTo("from the jar");
            assertThat(db.queryLong("SELECT count(*) FROM namelog_instances WHERE instance_id = 'a-jar'")).isOne();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(read(log.toFile())).isTrue();
            assertThat(db.queryLong("SELECT count(*) FROM namelog_instances WHERE instance_id = 'a-jar'"))
                    .as("the shutdown hook removed the heartbeat row").isZero();
            assertThat(read(log.toFile())).contains("a-jar stopped");
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void exitsWithCode2AndEveryProblemOnInvalidConfiguration() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/service-a.jar")
                .redirectErrorStream(true);
        builder.environment().remove("PGUSER");
        builder.environment().remove("NAMELOG_JDBC_URL");
        builder.environment().put("PORT", "eighty");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("NAMELOG_JDBC_URL must be a PostgreSQL JDBC URL", "PORT must be a whole number");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(File file) throws IOException {
        return Files.readString(file.toPath());
    }
}
