package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the URL, user and password come from, and that no credential in a URL gets through. */
class ConnectionSettingsTest {

    private static final String SECRET = "s3cret-Pw";

    @Test
    void theFlagWinsOverNamelogJdbcUrlWhichWinsOverThePgVariables() {
        Map<String, String> env = Map.of("NAMELOG_JDBC_URL", "jdbc:postgresql://from-env:5432/app",
                "PGHOST", "from-pg", "PGDATABASE", "pgdb", "PGUSER", "alice");

        ConnectionSettings flag = ConnectionSettings.of("jdbc:postgresql://from-flag:5432/app", null, env);
        ConnectionSettings namelog = ConnectionSettings.of(null, null, env);
        ConnectionSettings pg = ConnectionSettings.of(null, null, Map.of("PGHOST", "from-pg", "PGUSER", "alice"));

        assertThat(flag.jdbcUrl()).isEqualTo("jdbc:postgresql://from-flag:5432/app");
        assertThat(flag.urlSource()).isEqualTo("--jdbc-url");
        assertThat(namelog.jdbcUrl()).isEqualTo("jdbc:postgresql://from-env:5432/app");
        assertThat(namelog.urlSource()).isEqualTo("NAMELOG_JDBC_URL");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://from-pg:5432/alice");
        assertThat(pg.urlSource()).isEqualTo("PGHOST/PGPORT/PGDATABASE");
        assertThat(flag.user()).isEqualTo("alice");
        assertThat(ConnectionSettings.of(null, "bob", env).user()).isEqualTo("bob");
    }

    @Test
    void thePgVariablesBuildTheUrlAsPsqlReadsThem() {
        assertThat(ConnectionSettings.of(null, null, Map.of("PGHOST", "db1", "PGPORT", "6543", "PGDATABASE", "app db",
                "PGUSER", "migrator", "PGSSLMODE", "verify-full")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db1:6543/app+db?sslmode=verify-full");
        assertThat(ConnectionSettings.of(null, null, Map.of("PGDATABASE", "app", "PGUSER", "u")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/app");
        assertThat(ConnectionSettings.of(null, null, Map.of("PGHOST", "a,b", "PGPORT", "5432,5433", "PGUSER", "u"))
                .jdbcUrl()).isEqualTo("jdbc:postgresql://a:5432,b:5433/u");
        assertThat(ConnectionSettings.of(null, null, Map.of("PGHOST", "::1", "PGUSER", "u")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/u");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PGHOST=db1;PGSSLMODE=sometimes | PGSSLMODE must be one of allow, disable, prefer, require, verify-ca, verify-full but was sometimes",
            "PGPORT=54x32 | PGPORT must be a port number (1-65535) but was 54x32",
            "PGHOST=/var/run/postgresql | is a Unix-domain socket, which the JDBC driver cannot use",
            "PGHOST=a,b,c;PGPORT=1,2 | PGPORT lists 2 ports for 3 hosts in PGHOST"})
    void badPgVariablesAreRefusedNamingTheVariable(String assignments, String message) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PGUSER", "u"));
        for (String assignment : assignments.split(";")) {
            env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        assertThatThrownBy(() -> ConnectionSettings.of(null, null, env)).isInstanceOf(MigrationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void noDatabaseGivenNamesAllThreeWays() {
        Run run = Run.of(Map.of("PGUSER", "u"), "status");

        assertThat(run.code).isEqualTo(ExitCode.USAGE);
        assertThat(run.err).contains("no database given: pass --jdbc-url jdbc:postgresql://host:5432/db,"
                + " or set NAMELOG_JDBC_URL to such a URL, or set PGHOST/PGPORT/PGDATABASE");
        assertThat(run.err.lines().count()).isEqualTo(1);
    }

    @Test
    void planNeedsNoJdbcUrl() {
        Run run = Run.of(Map.of(), "plan", "--no-sql");

        assertThat(run.code).as(run.err).isEqualTo(ExitCode.OK);
        assertThat(run.out).contains("== expand").contains("name-id-index.start");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db1:5432/app?password=" + SECRET,
            "jdbc:postgresql://db1:5432/app?ssl=true&PASSWORD=" + SECRET,
            "jdbc:postgresql://db1:5432/app?sslpassword=" + SECRET,
            "jdbc:postgresql://db1:5432/app?user=u&SslPassword=" + SECRET,
            "jdbc:postgresql://db1:5432/app?pass%77ord=" + SECRET,
            "jdbc:postgresql://migrator:" + SECRET + "@db1:5432/app",
            "jdbc:postgresql:app?password=" + SECRET,
            // found by an outside review: a fragment, and an HTML-escaped ampersand
            "jdbc:postgresql://db1:5432/app#password=" + SECRET,
            "jdbc:postgresql://db1:5432/app?user=postgres&amp;password=" + SECRET})
    void passwordInJdbcUrlIsRefusedSayingToUseTheEnvironment(String url) {
        for (Run run : new Run[] {Run.of(Map.of(), "status", "--jdbc-url", url), Run.of(Map.of(), "plan", "--jdbc-url", url),
                Run.of(Map.of("NAMELOG_JDBC_URL", url), "status")}) {
            assertThat(run.code).as(run.err).isEqualTo(ExitCode.USAGE);
            assertThat(run.err).contains("carries a password").contains("NAMELOG_PASSWORD (or PGPASSWORD)")
                    .doesNotContain(SECRET);
            assertThat(run.out).doesNotContain(SECRET);
        }
    }

    @Test
    void passwordInJdbcUrlNeverReachesStderrEvenWhenMistyped() {
        // A URL typed as a stray argument is echoed by the parser's error: redacted on the way out.
        Run run = Run.of(Map.of(), "status", "jdbc:postgresql://db1/app?password=" + SECRET);

        assertThat(run.code).isEqualTo(ExitCode.USAGE);
        assertThat(run.err).contains("password=***").doesNotContain(SECRET);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cannot connect to u@jdbc:postgresql://h/db?password=x1&ssl=true: refused | cannot connect to u@jdbc:postgresql://h/db?password=***&ssl=true: refused",
            "jdbc:postgresql://h/db?a=1&sslPassword=x1 | jdbc:postgresql://h/db?a=1&sslPassword=***",
            "UnknownHostException: u:x1@h | UnknownHostException: u:x1@h",
            "jdbc:postgresql://u:x1@h:5432/db | jdbc:postgresql://u:***@h:5432/db",
            "cannot push metrics to http://user:x1@gw:9091 | cannot push metrics to http://user:***@gw:9091",
            "jdbc:postgresql://h/db#password=x1 | jdbc:postgresql://h/db#password=***",
            "no url here | no url here"})
    void oneRedactionTakesCredentialsOutOfAnyMessage(String message, String redacted) {
        assertThat(Redaction.redact(message)).isEqualTo(redacted);
    }

    @Test
    void generateCompletionPrintsABashAndZshScript() {
        Run run = Run.of(Map.of(), "generate-completion");

        assertThat(run.code).as(run.err).isEqualTo(ExitCode.OK);
        assertThat(run.out).contains("complete -F").contains("namelog-migrate").contains("expand").contains("backfill")
                .contains("--jdbc-url");
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
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
