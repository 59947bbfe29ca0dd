package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.namelog.testing.TestDatabase;

/**
 * Connection settings the way PostgreSQL users expect, against a real server: the URL from
 * {@code --jdbc-url}, {@code NAMELOG_JDBC_URL} or the PG* variables, in that order; and no password
 * in a URL, ever.
 */
class ConnectionIT {

    private static final String SECRET = "s3cret-Pw";
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/nowhere";

    @Test
    void urlFromNamelogJdbcUrlAsTheServicesReadIt() {
        try (TestDatabase db = TestDatabase.createLegacy("conn_env_url")) {
            Map<String, String> env = credentials(db);
            env.put("NAMELOG_JDBC_URL", db.jdbcUrl());

            Run run = Run.of(env, "status", "--no-count");

            assertThat(run.code).as(run.err).isEqualTo(ExitCode.OK);
            assertThat(run.out).contains("phase (fleet):");
        }
    }

    @Test
    void urlFromPgVariablesAsPsqlReadsThem() {
        try (TestDatabase db = TestDatabase.createLegacy("conn_pg_vars")) {
            Map<String, String> env = credentials(db);
            env.putAll(Map.of("PGHOST", db.server().host(), "PGPORT", String.valueOf(db.server().port()),
                    "PGDATABASE", db.name(), "PGSSLMODE", "prefer"));

            Run run = Run.of(env, "status", "--no-count");

            assertThat(run.code).as(run.err).isEqualTo(ExitCode.OK);
            assertThat(run.out).contains("phase (fleet):");
        }
    }

    @Test
    void theFlagWinsOverNamelogJdbcUrlWhichWinsOverThePgVariables() {
        try (TestDatabase db = TestDatabase.createLegacy("conn_precedence")) {
            Map<String, String> env = credentials(db);
            env.putAll(Map.of("NAMELOG_JDBC_URL", NOWHERE, "PGHOST", "127.0.0.1", "PGPORT", "1"));
            Run flag = Run.of(env, "status", "--no-count", "--jdbc-url", db.jdbcUrl());
            env.put("NAMELOG_JDBC_URL", db.jdbcUrl());
            Run namelog = Run.of(env, "status", "--no-count");

            assertThat(flag.code).as(flag.err).isEqualTo(ExitCode.OK);
            assertThat(namelog.code).as(namelog.err).isEqualTo(ExitCode.OK);
        }
    }

    @Test
    void aFailedConnectionSaysWhereTheUrlCameFrom() {
        Map<String, String> env = new HashMap<>(Map.of("NAMELOG_JDBC_URL", NOWHERE, "PGUSER", "u"));

        Run run = Run.of(env, "status");

        assertThat(run.code).isEqualTo(ExitCode.DATABASE_UNREACHABLE);
        assertThat(run.err).startsWith("namelog-migrate: cannot connect to u@" + NOWHERE + " (from NAMELOG_JDBC_URL): ");
    }

    @Test
    void passwordInJdbcUrlIsRefusedAndNeverReachesStderrOrTheHistory() {
        try (TestDatabase db = TestDatabase.createLegacy("conn_password")) {
            Map<String, String> env = credentials(db);
            Run refused = Run.of(env, "expand", "--jdbc-url", db.jdbcUrl() + "?password=" + SECRET);
            Run ok = Run.of(env, "expand", "--jdbc-url", db.jdbcUrl());

            assertThat(refused.code).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err).contains("--jdbc-url carries a password (password=)")
                    .contains("set NAMELOG_PASSWORD (or PGPASSWORD) in the environment instead").doesNotContain(SECRET);
            assertThat(ok.code).as(ok.err).isEqualTo(ExitCode.OK);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE detail LIKE '%" + SECRET + "%'"))
                    .isZero();
            assertThat(db.queryLong("SELECT count(*) FROM namelog_migration_history WHERE command = 'expand'"
                    + " AND outcome = 'started' AND action IS NULL")).as("only the accepted run was recorded").isEqualTo(1);
        }
    }

    private static Map<String, String> credentials(TestDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.put("PGUSER", db.user());
        if (db.password() != null) {
            env.put("NAMELOG_PASSWORD", db.password());
        }
        return env;
    }

    private record Run(int code, String out, String err) {

        static Run of(Map<String, String> env, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = NameLogMigrate.run(env, o, e, args);
            }
            Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            List<String> shown = new ArrayList<>(List.of(args));
            System.out.println("$ namelog-migrate " + String.join(" ", shown) + "  -> exit " + code + "\n" + run.out + run.err);
            return run;
        }
    }
}
