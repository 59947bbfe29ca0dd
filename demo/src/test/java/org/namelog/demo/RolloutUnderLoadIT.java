package org.namelog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.namelog.testing.PostgresServer;

/**
 * The demo's walk at a small size, with the round trips, against the test server: every invariant
 * the services can observe is asserted.
 */
class RolloutUnderLoadIT {

    @Test
    void theWholeRolloutBackAndForthUnderLoadLosesAndBreaksNothing(@TempDir Path reports) throws Exception {
        PostgresServer server = PostgresServer.get();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Demo.DemoResult result;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            result = Demo.run(out, "--jdbc-url", server.jdbcUrl("postgres"), "--user", server.user(),
                    "--database", "e2e_rollout_" + ProcessHandle.current().pid(),
                    "--rows", "20000", "--round-trips", "--dwell", "1s", "--requests-per-second", "80",
                    "--report-dir", reports.toString());
        }
        String printed = output.toString(StandardCharsets.UTF_8);

        assertThat(result.report().steps()).as(printed).allSatisfy(s -> assertThat(s.exitCode())
                .as("%s", s.step().commandLine()).isZero());
        RequestLog log = result.log();
        assertThat(log.count(RequestLog.Outcome.ERROR)).as("failed requests: %s", log.problems()).isZero();
        assertThat(log.count(RequestLog.Outcome.WRONG_READ)).as("wrong reads: %s", log.problems()).isZero();
        assertThat(result.report().lostWrites()).isZero();
        Map<String, Long> perPhase = log.requests().stream()
                .collect(Collectors.groupingBy(RequestLog.Request::phase, Collectors.counting()));
        assertThat(perPhase).as("requests served in every phase")
                .containsKeys("LEGACY", "DUAL_WRITE", "READ_NEW", "NEW_ONLY", "CONTRACTED")
                .allSatisfy((phase, count) -> assertThat(count).isPositive());
        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(reports.resolve("report.md"))).contains("wrong reads (must be 0) | 0");
        assertThat(Files.readString(reports.resolve("latency.svg"))).startsWith("<svg").contains("polyline");
    }
}
