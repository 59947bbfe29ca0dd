package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Help for each command, as an operator asks for it: {@code X --help}, {@code help X}, and the hint
 * printed after a bad option. No database: the URL below points at a closed port, so a command that
 * tried to connect would exit 7 instead of printing its usage.
 */
class CommandHelpTest {

    private static final Map<String, String> ENV = Map.of("NAMELOG_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none",
            "PGUSER", "nobody");
    private static final Pattern HINT = Pattern.compile("\\((namelog-migrate[^()]*) --help lists the options\\)");

    /** Every subcommand of the real command line, so a command added later is covered too. */
    static Stream<String> subcommands() {
        return new CommandLine(new NameLogMigrate()).getSubcommands().keySet().stream();
    }

    /** The tool's own commands (picocli's help and generate-completion take any argument). */
    static Stream<String> toolCommands() {
        return new CommandLine(new NameLogMigrate()).getSubcommands().values().stream()
                .filter(cli -> cli.getCommand().getClass().getPackageName().equals(NameLogMigrate.class.getPackageName()))
                .map(CommandLine::getCommandName);
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandPrintsItsUsageOnHelpWithoutMetricsOrDatabase(String command) {
        Run run = Run.of(command, "--help", "--metrics-port", "0", "--metrics-bind", "127.0.0.1");

        assertThat(run.code).as(run.toString()).isEqualTo(ExitCode.OK);
        assertThat(run.out).contains("Usage: namelog-migrate " + command + " ");
        assertThat(run.err).as("help starts no metrics server and prints no error").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void helpCommandPrintsTheUsageOfEverySubcommand(String command) {
        Run run = Run.of("help", command);

        assertThat(run.code).as(run.toString()).isEqualTo(ExitCode.OK);
        assertThat(run.out).contains("Usage: namelog-migrate " + command + " ");
    }

    @Test
    void helpBackfillListsItsOptions() {
        Run run = Run.of("help", "backfill");

        assertThat(run.code).as(run.toString()).isEqualTo(ExitCode.OK);
        assertThat(run.out).contains("Usage: namelog-migrate backfill", "--workers", "--lock-timeout", "-h, --help");
        assertThat(run.err).isEmpty();
    }

    /** The bug: "backfill --nope" hinted at "namelog-migrate backfill --help", which was itself refused. */
    @ParameterizedTest
    @MethodSource("toolCommands")
    void subcommandHelpHintNamesAnOptionThatExists(String command) {
        Run bad = Run.of(command, "--no-such-option");

        // advance and back report their missing --to first; either way it is bad usage with a hint
        assertThat(bad.code).as(bad.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err).startsWith("namelog-migrate: ");
        Matcher hint = HINT.matcher(bad.err);
        assertThat(hint.find()).as("a hint in: " + bad.err).isTrue();
        assertThat(hint.group(1)).isEqualTo("namelog-migrate " + command);

        String[] words = (hint.group(1) + " --help").split(" ");
        Run followed = Run.of(Arrays.copyOfRange(words, 1, words.length));

        assertThat(followed.code).as(followed.toString()).isEqualTo(ExitCode.OK);
        assertThat(followed.out).startsWith("Usage: namelog-migrate " + command + " ");
        assertThat(followed.err).isEmpty();
    }

    @Test
    void rootHelpListsTheHelpCommandAndItsHintWorks() {
        Run help = Run.of("--help");
        assertThat(help.code).isEqualTo(ExitCode.OK);
        assertThat(help.out).contains("help ", "backfill ");

        Run bad = Run.of("--no-such-option");
        assertThat(bad.code).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err).contains("(namelog-migrate --help lists the options)");
    }

    private record Run(int code, String out, String err) {

        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = NameLogMigrate.run(ENV, o, e, args);
            }
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
