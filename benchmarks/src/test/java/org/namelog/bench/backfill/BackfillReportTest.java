package org.namelog.bench.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.namelog.testbed.Dataset;
import org.namelog.bench.server.Machine;

class BackfillReportTest {

    private static final long ROWS = 1_000_000;
    private static final TableState BEFORE = new TableState(100L << 20, 200L << 20, "0/0");

    private static StrategyRun run(Strategy strategy, boolean load, double seconds, long afterMiB,
            WriterFigures writers) {
        return new StrategyRun(strategy, load, ROWS, seconds, 50L << 20, BEFORE,
                new TableState(afterMiB << 20, (afterMiB + 100) << 20, "0/1"), 10, 0, 0, 0, Optional.ofNullable(writers),
                strategy.usesMigrationTool() ? Optional.of(seconds * 1.1) : Optional.empty());
    }

    private static WriterFigures writers(double tps, double p99, double max) {
        return new WriterFigures((long) (tps * 10), 0, Optional.empty(), 10, 1, p99, max, max);
    }

    private static BackfillResults results() {
        return results(8);
    }

    private static BackfillResults results(int keep) {
        BackfillOptions options = new BackfillOptions(new Dataset(ROWS, 100), List.of(Strategy.values()), true, true,
                4, Duration.ofSeconds(3), Duration.ofSeconds(20), 12_345, Path.of("tool.jar"), List.of(),
                Path.of("out.md"), Path.of("logs"), "pgbench");
        List<StrategyRun> runs = new ArrayList<>();
        runs.add(run(Strategy.ONE_STATEMENT, false, 10, 200, null));
        runs.add(run(Strategy.SEED_RECIPE, false, 20, 200, null));
        runs.add(run(Strategy.OURS, false, 10.2, 120, null));
        runs.add(run(Strategy.OURS_THROTTLED, false, 40, 120, null));
        runs.add(run(Strategy.ONE_STATEMENT, true, 12, 200, writers(100, 9_000, 12_000)));
        runs.add(run(Strategy.SEED_RECIPE, true, 25, 200, writers(700, 20, 45)));
        runs.add(run(Strategy.OURS, true, 14, 140, writers(800, 25, 150)));
        runs.add(run(Strategy.OURS_THROTTLED, true, 50, 130, writers(900, 10, 60)));
        return new BackfillResults("java -jar benchmarks/target/benchmarks.jar backfill --rows 1000000", options,
                new Machine(2, "8 GiB", "cpu", "18.6", "java 17", "linux"), 100, true, Optional.of(1.5),
                Optional.of(writers(1000, 5, 20)), runs.subList(0, keep));
    }

    @Test
    void ratiosAreToStrategyOneInTheSameModeAndWritersToTheIdleBaseline() {
        BackfillResults results = results();
        StrategyRun oursLoaded = results.run(Strategy.OURS, true).orElseThrow();

        assertThat(results.ratioToOneStatement(results.run(Strategy.SEED_RECIPE, false).orElseThrow()))
                .isEqualTo(0.5);
        assertThat(results.ratioToOneStatement(oursLoaded)).isCloseTo(12 / 14.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(results.writerTpsRatio(oursLoaded.writers().orElseThrow())).isEqualTo(0.8);
    }

    @Test
    void eachTargetSaysWhetherItIsMetAndHowFarOtherwise() {
        List<List<String>> targets = new BackfillReport(results()).targets().rows();

        assertThat(targets).extracting(row -> row.get(0) + " => " + row.get(2)).containsExactly(
                "isolated rows/s ≥ 1.0× one statement => no",
                "under load, rows/s ≥ 1.5× seed recipe under the same load => yes",
                "under load, writer max ≤ 100 ms => no",
                "under load, writer p99 ≤ 1.1× seed recipe's (20.0 ms) => no",
                "isolated, table after ≤ 1.3× before => yes",
                "under load, table after ≤ 1.3× before => no",
                "throttled: writers keep ≥ 0.9× idle tps (--max-rows-per-second 12345) => yes",
                "isolated, real duration ≥ 0.75× estimate's => yes",
                "isolated, real duration ≤ 1.25× estimate's => yes");
        assertThat(targets.get(2).get(3)).isEqualTo("150 ms vs 100 ms: 50% above the bound");
        assertThat(targets.get(5).get(3)).isEqualTo("1.40× vs 1.30×: 8% above the bound");
    }

    @Test
    void theSectionNamesTheCommandTheMachineAndEveryRun() {
        String markdown = new BackfillReport(results()).markdown();

        assertThat(markdown).contains("java -jar benchmarks/target/benchmarks.jar backfill --rows 1000000",
                "- cores (`nproc`): 2", "- PostgreSQL: 18.6", "--max-rows-per-second 12345",
                "Starting the tool's JVM alone (`--help`) takes 1.5 s", "| writers alone (idle baseline) |",
                "session_replication_role = replica");
        assertThat(markdown.lines().filter(l -> l.startsWith("| 3 ours, defaults |"))).hasSize(2);
        assertThat(markdown).doesNotContain("Partial");
    }

    @Test
    void aSectionWrittenHalfWaySaysSo() {
        String markdown = new BackfillReport(results(3)).markdown();

        assertThat(markdown).contains("**Partial: 3 of 8 runs so far**");
        assertThat(new BackfillReport(results(3)).targets().rows().get(2).get(1)).isEqualTo("not measured in this run");
    }
}
