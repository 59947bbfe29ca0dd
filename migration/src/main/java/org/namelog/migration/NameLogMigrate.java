package org.namelog.migration;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import org.namelog.migration.metrics.MetricsOptions;
import org.namelog.migration.metrics.ToolMetrics;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code namelog-migrate}: the operator's tool for the NameLog normalization. Run by hand during
 * the rollout, never from service start-up. See the README.
 */
// scope INHERIT copies these attributes to every subcommand that does not set its own: so each
// one takes -h/--help (and -V/--version) and its usage lists the exit codes.
@Command(name = "namelog-migrate", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        version = "namelog-migrate 0.1.0",
        description = "Normalizes namelog.name into name(id, value) + namelog.name_id, step by step, while services keep serving.",
        subcommands = {PlanCommand.class, StatusCommand.class, ExpandCommand.class, BackfillCommand.class,
                EstimateCommand.class, VerifyCommand.class, ValidateCommand.class, ContractCommand.class,
                RollbackCommand.class, PauseCommand.class, ResumeCommand.class, AdvanceCommand.class,
                BackCommand.class, InstancesCommand.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (or already done)", "1:unexpected failure", "2:bad usage",
                "3:another run holds the migration lock", "4:prerequisites not met", "5:verification failed",
                "6:lock timeout retries exhausted", "7:database unreachable",
                "8:stopped before done (Ctrl-C, outside the window): run again to resume",
                "9:the phase was set but live instances did not switch in time (named in the message)"})
public final class NameLogMigrate {

    @Spec
    CommandSpec spec;

    String jdbcUrl;

    /** Checked as soon as it is parsed, so even {@code plan} refuses a URL that carries a password. */
    @Option(names = "--jdbc-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "jdbc:postgresql://host:port/database, without a password (default: NAMELOG_JDBC_URL, else"
                    + " built from PGHOST, PGPORT, PGDATABASE, PGSSLMODE as psql does). plan needs none.")
    void jdbcUrl(String url) {
        try {
            ConnectionSettings.refuseCredentials(url, "--jdbc-url");
        } catch (MigrationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        this.jdbcUrl = url;
    }

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "database user (default: PGUSER, else the OS user). The password comes from NAMELOG_PASSWORD, else PGPASSWORD.")
    String user;

    @Option(names = "--lock-timeout", scope = ScopeType.INHERIT, defaultValue = "2s", converter = Durations.class,
            paramLabel = "DURATION", description = "longest wait of one statement for a lock (default: ${DEFAULT-VALUE})")
    Duration lockTimeout;

    @Option(names = "--max-ddl-retries", scope = ScopeType.INHERIT, defaultValue = "10", paramLabel = "N",
            description = "retries of a schema statement after a lock timeout, with exponential backoff and jitter (default: ${DEFAULT-VALUE})")
    int maxDdlRetries;

    @Mixin
    MetricsOptions metricsOptions = new MetricsOptions();

    /** The tool's own metrics for this run (served or pushed per the --metrics-* options). */
    ToolMetrics metrics = ToolMetrics.off();

    Map<String, String> env = System.getenv();
    PrintStream out = System.out;
    /** Where a command's chatter goes when its result is a JSON document on {@link #out}. */
    PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool in this JVM and returns its exit code (see {@link ExitCode}). */
    public static int run(String... args) {
        return run(System.getenv(), System.out, System.err, args);
    }

    /** As {@link #run(String...)}, with the environment and output given (tests, the demo). */
    public static int run(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
        NameLogMigrate root = new NameLogMigrate();
        root.env = env;
        root.out = out;
        root.err = err;
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(out, true));
        // Everything picocli or a command prints as an error passes the one redaction (an unmatched
        // argument, for one, is echoed as typed).
        PrintWriter errors = Redaction.printWriter(err);
        cli.setErr(errors);
        // Bad usage is one line too (and a hint), not the whole help: a refused URL stays readable.
        cli.setParameterExceptionHandler((e, arguments) -> {
            errors.println("namelog-migrate: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, errors);
            // Every command takes --help (inherited from the root), so the hint works for any of them.
            errors.println("(" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help lists the options)");
            return ExitCode.USAGE;
        });
        cli.setExecutionStrategy(parsed -> root.executeWithMetrics(parsed, errors));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            errors.println("namelog-migrate: " + oneLine(e));
            return e instanceof MigrationException m ? ExitCode.of(m) : ExitCode.UNEXPECTED;
        });
        return cli.execute(args);
    }

    /**
     * Runs the command with its metrics served or pushed while it runs, and counts its outcome. Help
     * (--help, --version, {@code help COMMAND}) is printed first and alone: no metrics, no database.
     */
    private int executeWithMetrics(CommandLine.ParseResult parsed, PrintWriter err) {
        Integer helpExitCode = CommandLine.executeHelpRequest(parsed);
        if (helpExitCode != null) {
            return helpExitCode;
        }
        CommandLine cli = parsed.commandSpec().commandLine();
        try {
            metrics = ToolMetrics.start(metricsOptions.settings());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ExecutionException(cli, e.getMessage(), new MigrationException(ExitCode.USAGE, e.getMessage(), e));
        }
        metrics.address().ifPresent(a -> err.println("metrics at http://" + a.getHostString() + ":" + a.getPort() + "/metrics"));
        String command = parsed.hasSubcommand() ? parsed.subcommand().commandSpec().name() : "namelog-migrate";
        try (ToolMetrics running = metrics) {
            try {
                int code = new CommandLine.RunLast().execute(parsed);
                running.commandFinished(command, code);
                return code;
            } catch (CommandLine.ExecutionException e) {
                running.commandFinished(command,
                        e.getCause() instanceof MigrationException m ? m.exitCode() : ExitCode.UNEXPECTED);
                throw e;
            }
        }
    }

    private static String oneLine(Exception e) {
        String message = e instanceof MigrationException ? e.getMessage() : e + " (unexpected: please report it)";
        return message == null ? e.toString() : message.replace('\n', ' ');
    }

    ConnectionSettings connectionSettings() {
        return ConnectionSettings.of(jdbcUrl, user, env);
    }
}
