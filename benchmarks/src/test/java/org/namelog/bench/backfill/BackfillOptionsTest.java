package org.namelog.bench.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.namelog.bench.BenchmarkException;
import org.namelog.testbed.Dataset;
import picocli.CommandLine;

class BackfillOptionsTest {

    @TempDir
    Path logs;

    private static BackfillOptions options(List<Strategy> strategies, boolean isolated, boolean load) {
        return options(strategies, isolated, load, List.of());
    }

    private static BackfillOptions options(List<Strategy> strategies, boolean isolated, boolean load,
            List<String> migrateOptions) {
        return new BackfillOptions(new Dataset(100, 10), strategies, isolated, load, 4, Duration.ZERO,
                Duration.ofSeconds(1), 1_000, Path.of("missing.jar"), migrateOptions, Path.of("out.md"), Path.of("logs"),
                "pgbench");
    }

    /** The options the command line makes of {@code args}, as the benchmark would run them. */
    private BackfillOptions commandLine(String... args) throws Exception {
        BackfillBenchmark benchmark = new BackfillBenchmark();
        CommandLine line = new CommandLine(benchmark);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--log-dir", logs.toString()));
        line.parseArgs(all.toArray(String[]::new));
        return benchmark.options();
    }

    @Test
    void everyRatioNeedsStrategyOne() {
        assertThatThrownBy(() -> options(List.of(Strategy.OURS), true, true))
                .hasMessageContaining("must include one-statement");
    }

    @Test
    void aRunNeedsAMode() {
        assertThatThrownBy(() -> options(List.of(Strategy.ONE_STATEMENT), false, false))
                .hasMessageContaining("isolated or load");
    }

    @Test
    void strategiesAreNamedAsOnTheCommandLine() {
        assertThat(Strategy.ofOption(" Ours-Throttled")).isEqualTo(Strategy.OURS_THROTTLED);
        assertThat(Strategy.ofOption("ours-2-workers")).isEqualTo(Strategy.OURS_2_WORKERS);
        assertThat(Strategy.ofOption("ours-4-workers")).isEqualTo(Strategy.OURS_4_WORKERS);
        assertThatThrownBy(() -> Strategy.ofOption("fast")).hasMessageContaining("one-statement, seed-recipe, ours");
    }

    @Test
    void aMissingToolJarSaysHowToBuildIt() {
        assertThat(options(List.of(Strategy.ONE_STATEMENT, Strategy.OURS), true, false).runsMigrationTool()).isTrue();
        assertThatThrownBy(() -> new MigrationTool(Path.of("missing.jar"), Path.of("logs")).requirePresent())
                .isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("./mvnw -q -DskipTests package")
                .hasMessageContaining("--strategies one-statement,seed-recipe");
    }

    @Test
    void eachStrategyOfOursGivesTheToolTheExtraOptionsThenItsOwn() {
        BackfillOptions options = options(List.of(Strategy.values()), true, true, List.of("--batch-size=5000"));

        assertThat(options.toolOptions(Strategy.OURS)).containsExactly("--batch-size=5000");
        assertThat(options.toolOptions(Strategy.OURS_THROTTLED))
                .containsExactly("--batch-size=5000", "--max-rows-per-second", "1000");
        assertThat(options.toolOptions(Strategy.OURS_2_WORKERS)).containsExactly("--batch-size=5000", "--workers", "2");
        assertThat(options.toolOptions(Strategy.OURS_4_WORKERS)).containsExactly("--batch-size=5000", "--workers", "4");
        assertThat(options.toolOptions(Strategy.OURS_GUARD)).containsExactly("--batch-size=5000", "--trigger-mode", "guc");
        assertThatThrownBy(() -> options.toolOptions(Strategy.SEED_RECIPE)).hasMessageContaining("does not run");
    }

    @Test
    void theWorkerStrategiesRunIsolatedOnly() {
        BackfillOptions both = options(List.of(Strategy.values()), true, true);

        assertThat(both.strategiesUnderLoad()).containsExactly(Strategy.ONE_STATEMENT, Strategy.SEED_RECIPE,
                Strategy.OURS, Strategy.OURS_THROTTLED);
        assertThatThrownBy(() -> options(List.of(Strategy.ONE_STATEMENT, Strategy.OURS_2_WORKERS), false, true))
                .hasMessage("ours-2-workers runs isolated only: add isolated to the modes or leave it out of the"
                        + " strategies");
    }

    @Test
    void workersAmongTheToolsOptionsConflictWithTheWorkerStrategies() {
        assertThatThrownBy(() -> options(List.of(Strategy.ONE_STATEMENT, Strategy.OURS_4_WORKERS), true, false,
                List.of("--workers=3"))).hasMessageContaining("--workers in the tool's options conflicts with");
        // without them, --workers is the operator's to set
        assertThat(options(List.of(Strategy.ONE_STATEMENT, Strategy.OURS), true, false, List.of("--workers", "3"))
                .toolOptions(Strategy.OURS)).containsExactly("--workers", "3");
    }

    @Test
    void theDefaultRunsOursWithOneTwoAndFourWorkersAndLoadAloneLeavesTheWorkerStrategiesOut() throws Exception {
        assertThat(commandLine().strategies()).containsExactly(Strategy.ONE_STATEMENT, Strategy.SEED_RECIPE,
                Strategy.OURS, Strategy.OURS_THROTTLED, Strategy.OURS_2_WORKERS, Strategy.OURS_4_WORKERS,
                Strategy.OURS_GUARD);
        assertThat(commandLine("--modes", "load").strategies()).containsExactly(Strategy.ONE_STATEMENT,
                Strategy.SEED_RECIPE, Strategy.OURS, Strategy.OURS_THROTTLED);
        assertThatThrownBy(() -> commandLine("--modes", "load", "--strategies", "one-statement,ours-2-workers"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("ours-2-workers runs isolated only");
    }
}
