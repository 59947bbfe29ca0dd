package org.namelog.bench.backfill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.namelog.bench.Benchmarks;
import org.namelog.bench.report.BenchmarksDocument;
import org.namelog.bench.server.BenchServer;
import org.namelog.testbed.Dataset;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The backfill benchmark's command line: {@code java -jar benchmarks/target/benchmarks.jar backfill}.
 * Prints the table and writes it, with the command and the machine, to docs/BENCHMARKS.md.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Backfills name_id six ways on fresh copies of one dataset, isolated and under a writer"
                + " load (ours with 2 and 4 workers isolated only), and writes the figures to docs/BENCHMARKS.md."})
public final class BackfillBenchmark implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "2000000", description = "rows of the dataset (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--names", defaultValue = "20000", description = "distinct names the rows draw from (default ${DEFAULT-VALUE})")
    int names;

    @Option(names = "--fast-durability", description = "run the embedded server with fsync and synchronous_commit off:"
            + " faster, and not what production sees (the report prints the settings in force)")
    boolean fastDurability;

    @Option(names = "--jdbc-url", description = "use this running server instead of an embedded one"
            + " (password from NAMELOG_PASSWORD or PGPASSWORD); the benchmark creates its own databases there")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "postgres", description = "user on --jdbc-url (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--strategies", split = ",",
            defaultValue = "one-statement,seed-recipe,ours,ours-throttled,ours-2-workers,ours-4-workers,ours-guard",
            description = "which strategies, comma-separated (default ${DEFAULT-VALUE}; with --modes load alone,"
                    + " the default leaves out ours-2-workers and ours-4-workers, which run isolated only)")
    List<String> strategies;

    @Option(names = "--modes", split = ",", defaultValue = "isolated,load",
            description = "isolated, load or both (default ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--throttle-rows-per-second", defaultValue = "10000",
            description = "--max-rows-per-second of strategy 4, ours throttled (default ${DEFAULT-VALUE})")
    long throttle;

    @Option(names = "--migrate-jar", defaultValue = "migration/target/namelog-migrate.jar",
            description = "the migration tool's runnable jar (default ${DEFAULT-VALUE})")
    Path migrateJar;

    @Option(names = "--migrate-option", description = "an extra option for the tool's backfill in strategies 3"
            + " to 7, repeatable, e.g. --migrate-option=--batch-size=5000")
    List<String> migrateOptions = new ArrayList<>();

    @Option(names = "--writers", defaultValue = "4", description = "writer connections of the load (default ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--writer-warmup-seconds", defaultValue = "3",
            description = "writers run this long before each strategy starts (default ${DEFAULT-VALUE})")
    int writerWarmupSeconds;

    @Option(names = "--baseline-seconds", defaultValue = "20",
            description = "how long the writers alone are measured (default ${DEFAULT-VALUE})")
    int baselineSeconds;

    @Option(names = "--output", defaultValue = "docs/BENCHMARKS.md",
            description = "Markdown file to write the figures to (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--pgbench", defaultValue = "pgbench", paramLabel = "PATH",
            description = "the pgbench that generates the writer load (default: ${DEFAULT-VALUE} on PATH)")
    String pgbench;

    @Option(names = "--log-dir", description = "where the migration tool's logs go (default: a temporary folder)")
    Path logDirectory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command, with the benchmarks' error handling. */
    public static CommandLine commandLine() {
        return new CommandLine(new BackfillBenchmark()).setExecutionExceptionHandler(Benchmarks::report);
    }

    @Override
    public Integer call() throws Exception {
        BackfillOptions options = options();
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("backfill")) {
            args.remove(0);
        }
        String command = "java -jar benchmarks/target/benchmarks.jar backfill " + String.join(" ", args);
        try (Postgres target = BenchServer.start(jdbcUrl, user, password(),
                fastDurability ? Durability.FAST : Durability.SHIPPED)) {
            BenchmarksDocument document = new BenchmarksDocument(output);
            BackfillResults results = new BackfillRun(options, target, System.out).measure(command.strip(),
                    partial -> document.writeSection(BackfillReport.SECTION, new BackfillReport(partial).markdown()));
            BackfillReport report = new BackfillReport(results);
            System.out.println();
            System.out.print(report.table().aligned());
            if (report.showsWorkers()) {
                System.out.println();
                System.out.print(report.workers().aligned());
            }
            System.out.println();
            System.out.print(report.targets().aligned());
            document.writeSection(BackfillReport.SECTION, report.markdown());
            System.out.println("\nwritten to " + output.toAbsolutePath());
        }
        return 0;
    }

    BackfillOptions options() throws java.io.IOException {
        boolean isolated = false;
        boolean underLoad = false;
        for (String mode : modes) {
            switch (mode.trim()) {
                case "isolated" -> isolated = true;
                case "load" -> underLoad = true;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--modes takes isolated and/or load, not " + mode);
            }
        }
        List<Strategy> chosen = new ArrayList<>();
        try {
            for (String s : strategies) {
                chosen.add(Strategy.ofOption(s));
            }
            if (!isolated && !spec.commandLine().getParseResult().hasMatchedOption("--strategies")) {
                chosen.removeIf(s -> !s.runsUnderLoad());
            }
            Path logs = logDirectory != null ? logDirectory
                    : java.nio.file.Files.createTempDirectory("namelog-bench-logs-");
            return new BackfillOptions(new Dataset(rows, names), chosen, isolated, underLoad, writers,
                    Duration.ofSeconds(writerWarmupSeconds), Duration.ofSeconds(baselineSeconds), throttle, migrateJar,
                    migrateOptions, output, logs, pgbench);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String password() {
        String password = System.getenv("NAMELOG_PASSWORD");
        if (password == null || password.isEmpty()) {
            password = System.getenv("PGPASSWORD");
        }
        return password == null ? "" : password;
    }
}
