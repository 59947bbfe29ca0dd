package org.namelog.observability;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's own {@code promtool}, the judge of what Prometheus will load. Missing promtool
 * fails the test (never skips it): the rules would otherwise ship unchecked.
 */
final class Promtool {

    private static final String INSTALL = "promtool not found: install it with `apt-get install prometheus`"
            + " (Debian/Ubuntu; .ci/run does), or unpack a release from https://prometheus.io/download/,"
            + " or set PROMTOOL=/path/to/promtool";

    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Runs {@code promtool args...} in {@code directory} and returns its exit code and output. */
    static Result run(Path directory, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("promtool " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running promtool");
        }
    }

    static Path executable() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                fail("PROMTOOL=" + configured + " is not an executable file. " + INSTALL);
            }
            return path;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(INSTALL);
    }
}
