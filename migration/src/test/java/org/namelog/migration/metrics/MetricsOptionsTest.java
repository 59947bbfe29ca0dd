package org.namelog.migration.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.namelog.migration.ExitCode;
import org.namelog.migration.NameLogMigrate;

/** The --metrics-* options on the real command line ({@code plan} connects to nothing). */
class MetricsOptionsTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:1/none";

    @Test
    void servesWhileTheCommandRunsAndSaysWhere() {
        Run run = run("plan", "--jdbc-url", URL, "--metrics-port", "0", "--metrics-bind", "127.0.0.1");
        assertThat(run.code).isEqualTo(ExitCode.OK);
        assertThat(run.err).containsPattern("metrics at http://127\\.0\\.0\\.1:\\d+/metrics");
    }

    @Test
    void aBadPortIsAUsageErrorNamingTheOption() {
        Run run = run("plan", "--jdbc-url", URL, "--metrics-port", "70000");
        assertThat(run.code).isEqualTo(ExitCode.USAGE);
        assertThat(run.err).contains("--metrics-port must be between 0 and 65535 but was 70000");
    }

    @Test
    void aPushUrlWithAPathIsAUsageErrorNamingTheOption() {
        Run run = run("--metrics-push-url", "http://gateway:9091/metrics/job/x", "plan", "--jdbc-url", URL);
        assertThat(run.code).isEqualTo(ExitCode.USAGE);
        assertThat(run.err).contains("--metrics-push-url: metrics push URL must be the Pushgateway's root");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NameLogMigrate.run(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
