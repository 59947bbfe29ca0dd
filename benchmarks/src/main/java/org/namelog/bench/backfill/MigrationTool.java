package org.namelog.bench.backfill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.namelog.bench.BenchmarkException;

/**
 * Strategies 3 to 7: the migration tool's {@code backfill}, launched as its runnable jar in a child
 * JVM, exactly as an operator runs it. Its output goes to a log file beside the benchmark's output.
 */
final class MigrationTool {

    static final String BUILD_HINT = "build it from the repository root with ./mvnw -q -DskipTests package"
            + " (or pass --migrate-jar PATH, or leave ours out with --strategies one-statement,seed-recipe)";

    private final Path jar;
    private final Path logDirectory;

    MigrationTool(Path jar, Path logDirectory) {
        this.jar = jar;
        this.logDirectory = logDirectory;
    }

    /** Fails with what to do when the jar is missing: the benchmark never leaves ours out silently. */
    void requirePresent() {
        if (!Files.isRegularFile(jar)) {
            throw new BenchmarkException("the migration tool's jar is missing at " + jar.toAbsolutePath() + ": "
                    + BUILD_HINT);
        }
    }

    Path jar() {
        return jar;
    }

    /** Runs {@code backfill} to completion; throws with the end of its log if it fails. */
    void backfill(String jdbcUrl, String user, String password, List<String> options, String runLabel) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString(),
                "backfill", "--jdbc-url", jdbcUrl, "--user", user, "--no-progress"));
        command.addAll(options);
        run(command, password, runLabel);
    }

    /**
     * Runs {@code estimate --output json} with the backfill's options and returns its projected
     * duration in seconds, so the report can set the prediction beside the real run.
     */
    double estimateSeconds(String jdbcUrl, String user, String password, List<String> options, String runLabel) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString(),
                "estimate", "--jdbc-url", jdbcUrl, "--user", user, "--output", "json"));
        command.addAll(options);
        Path log = run(command, password, runLabel);
        try {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"projectedSeconds\"\\s*:\\s*([0-9.Ee+-]+)")
                    .matcher(out);
            if (!m.find()) {
                throw new BenchmarkException("estimate printed no projectedSeconds; its log " + log + ":\n" + tail(log));
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new BenchmarkException("cannot read the estimate's log " + log + ": " + e.getMessage(), e);
        }
    }

    private Path run(List<String> command, String password, String runLabel) {
        Path log = logDirectory.resolve("namelog-migrate-" + runLabel.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        try {
            Files.createDirectories(logDirectory);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("NAMELOG_PASSWORD", password);
            Process process = builder.start();
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new BenchmarkException("the migration tool's backfill did not finish within 6 hours; log: " + log);
            }
            if (process.exitValue() != 0) {
                throw new BenchmarkException("the migration tool exited with " + process.exitValue()
                        + " (command: " + String.join(" ", command) + "); end of its log " + log + ":\n" + tail(log));
            }
            return log;
        } catch (IOException e) {
            throw new BenchmarkException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while the migration tool ran", e);
        }
    }

    /**
     * Seconds the tool's JVM takes to start and print its help: the part of ours' wall-clock time
     * that is not backfilling.
     */
    double startupSeconds() {
        long started = System.nanoTime();
        try {
            Process process = new ProcessBuilder(javaExecutable(), "-jar", jar.toString(), "--help")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new BenchmarkException("java -jar " + jar + " --help did not answer within 2 minutes");
            }
        } catch (IOException e) {
            throw new BenchmarkException("cannot run java -jar " + jar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while timing the tool's start-up", e);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }
}
