package org.namelog.bench.dao;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.namelog.bench.BenchmarkException;
import org.namelog.bench.Benchmarks;
import org.namelog.bench.report.BenchmarksDocument;
import org.namelog.bench.server.BenchServer;
import org.namelog.bench.server.Machine;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The DAO benchmark's command line: {@code java -jar benchmarks/target/benchmarks.jar dao}. Runs the
 * JMH benchmarks of this package twice, for throughput and for sampled latency, prints the table
 * and writes it to docs/BENCHMARKS.md.
 */
@Command(name = "dao", mixinStandardHelpOptions = true, sortOptions = false,
        description = "JMH: the DAO's insert, read by id and read by name on each path; throughput and latency.")
public final class DaoBenchmark implements Callable<Integer> {

    static final List<String> BENCHMARKS = List.of(
            InsertBenchmark.class.getName(), ReadByIdBenchmark.class.getName(), ReadByNameBenchmark.class.getName());

    @Option(names = "--rows", defaultValue = "200000", description = "rows in the database (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--names", defaultValue = "20000", description = "distinct names (default ${DEFAULT-VALUE})")
    int names;

    @Option(names = "--forks", defaultValue = "2", description = "JMH forks per benchmark (default ${DEFAULT-VALUE};"
            + " 0 runs in this JVM)")
    int forks;

    @Option(names = "--warmup-iterations", defaultValue = "3", description = "(default ${DEFAULT-VALUE})")
    int warmupIterations;

    @Option(names = "--iterations", defaultValue = "5", description = "(default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--iteration-millis", defaultValue = "5000", description = "length of each iteration,"
            + " warm-up or measured (default ${DEFAULT-VALUE})")
    long iterationMillis;

    @Option(names = "--threads", defaultValue = "1,4", split = ",", paramLabel = "N[,N...]",
            description = "calling threads; each count is a run and a table of its own (default ${DEFAULT-VALUE})")
    List<Integer> threadCounts;

    /** The thread count of the run in progress. */
    private int threads;

    @Option(names = "--filter", description = "run only benchmarks whose name matches this regular expression")
    String filter;

    @Option(names = "--jdbc-url", description = "use this running server instead of an embedded one per trial"
            + " (password from NAMELOG_PASSWORD or PGPASSWORD)")
    String jdbcUrl;

    @Option(names = "--fast-durability", description = "run the embedded server with fsync and synchronous_commit off:"
            + " faster, and not what production sees (the report says so)")
    boolean fastDurability;

    @Option(names = "--user", defaultValue = "postgres", description = "user on --jdbc-url (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--output", defaultValue = "docs/BENCHMARKS.md",
            description = "Markdown file to write the figures to (default ${DEFAULT-VALUE})")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new DaoBenchmark()).setExecutionExceptionHandler(Benchmarks::report);
    }

    @Override
    public Integer call() {
        if (rows < 1 || names < 1 || forks < 0 || warmupIterations < 0 || iterations < 1 || iterationMillis < 1
                || threadCounts.stream().anyMatch(t -> t < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rows, --names, --iterations,"
                    + " --iteration-millis and --threads must be >= 1, --forks and --warmup-iterations >= 0");
        }
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("dao")) {
            args.remove(0);
        }
        String command = ("java -jar benchmarks/target/benchmarks.jar dao " + String.join(" ", args)).strip();
        Machine machine = describeMachine();
        List<DaoReport> reports = new ArrayList<>();
        for (int count : threadCounts) {
            threads = count;
            Collection<RunResult> throughput = run(Mode.Throughput, TimeUnit.SECONDS);
            Collection<RunResult> latency = run(Mode.SampleTime, TimeUnit.MICROSECONDS);
            DaoReport report = new DaoReport(command, machine, rows, names, count, throughput, latency);
            reports.add(report);
            System.out.println();
            System.out.println(count + " thread(s):");
            System.out.print(report.table().aligned());
            System.out.println();
            System.out.print(report.targets().aligned());
        }
        new BenchmarksDocument(output).writeSection(DaoReport.SECTION, DaoReport.markdown(reports));
        System.out.println("\nwritten to " + output.toAbsolutePath());
        return 0;
    }

    /** Runs every benchmark in one mode and returns JMH's results. */
    Collection<RunResult> run(Mode mode, TimeUnit unit) {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .mode(mode)
                .timeUnit(unit)
                .forks(forks)
                .threads(threads)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .param("rows", Long.toString(rows))
                .param("names", Integer.toString(names))
                .shouldFailOnError(true);
        for (String benchmark : BENCHMARKS) {
            builder.include(filter == null ? benchmark.replace(".", "\\.") + "\\." : filter);
        }
        List<String> properties = new ArrayList<>();
        properties.add("-D" + DaoDatabase.DURABILITY_PROPERTY + "=" + durability());
        System.setProperty(DaoDatabase.DURABILITY_PROPERTY, durability().name());
        if (jdbcUrl != null) {
            properties.add("-D" + DaoDatabase.JDBC_URL_PROPERTY + "=" + jdbcUrl);
            properties.add("-D" + DaoDatabase.USER_PROPERTY + "=" + user);
            properties.add("-D" + DaoDatabase.PASSWORD_PROPERTY + "=" + password());
            if (forks == 0) {
                System.setProperty(DaoDatabase.JDBC_URL_PROPERTY, jdbcUrl);
                System.setProperty(DaoDatabase.USER_PROPERTY, user);
                System.setProperty(DaoDatabase.PASSWORD_PROPERTY, password());
            }
        }
        builder.jvmArgsAppend(properties.toArray(String[]::new));
        try {
            Collection<RunResult> results = new Runner(builder.build()).run();
            if (results.isEmpty()) {
                throw new BenchmarkException("JMH ran no benchmark" + (filter == null ? "" : " matching " + filter)
                        + ": is META-INF/BenchmarkList in the jar? rebuild with ./mvnw -q -DskipTests package");
            }
            return results;
        } catch (RunnerException e) {
            throw new BenchmarkException("JMH failed: " + e.getMessage(), e);
        }
    }

    /** The machine, and the server the trials ran on (for embedded trials: one started just to ask it). */
    private Machine describeMachine() {
        try (Postgres target = BenchServer.start(jdbcUrl, user, password(), durability())) {
            return Machine.describe(target);
        }
    }

    private Durability durability() {
        return fastDurability ? Durability.FAST : Durability.SHIPPED;
    }

    private static String password() {
        String password = System.getenv("NAMELOG_PASSWORD");
        if (password == null || password.isEmpty()) {
            password = System.getenv("PGPASSWORD");
        }
        return password == null ? "" : password;
    }
}
