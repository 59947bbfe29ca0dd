package org.namelog.bench.server;

import java.util.Map;
import org.namelog.bench.BenchmarkException;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;
import org.namelog.testbed.PostgresException;

/**
 * The server a benchmark runs on: an embedded one (testbed's launcher) with production's
 * durability unless asked otherwise, or an existing server given by a JDBC URL. The benchmark
 * creates and drops its own databases there.
 */
public final class BenchServer {

    /**
     * Settings of the embedded server on top of its durability. Full-page writes stay on (in
     * {@link Durability#SHIPPED}), so WAL bytes include the full-page images production writes.
     * Checkpoints are spread out so that only the ones the benchmark asks for fall inside a
     * measurement. The report prints the settings in force.
     */
    public static final Map<String, String> EMBEDDED_SETTINGS = Map.of(
            "max_connections", "60",
            "shared_buffers", "256MB",
            "max_wal_size", "8GB",
            "checkpoint_timeout", "30min",
            "maintenance_work_mem", "128MB");

    private BenchServer() {}

    /** An existing server when {@code jdbcUrl} is given, else an embedded one with {@code durability}. */
    public static Postgres start(String jdbcUrl, String user, String password, Durability durability) {
        try {
            if (jdbcUrl != null && !jdbcUrl.isBlank()) {
                return Postgres.external(jdbcUrl, user, password);
            }
            Postgres.Builder builder = Postgres.embedded(durability);
            EMBEDDED_SETTINGS.forEach(builder::setting);
            return builder.start();
        } catch (PostgresException e) {
            throw new BenchmarkException(e.getMessage(), e);
        }
    }

    /** Creates an empty database (or a copy of {@code template}), dropping one of that name first. */
    public static void recreateDatabase(Postgres server, String name, String template) {
        try {
            server.dropDatabase(name);
            server.createDatabase(name, template);
        } catch (PostgresException e) {
            throw new BenchmarkException(e.getMessage(), e);
        }
    }
}
