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
        return results(11);
    }

    private static BackfillResults results(int keep) {
        return results(List.of(Strategy.values()), keep, 2);
    }

    /** The runs of {@code strategies}, in the order BackfillRun makes them, the first {@code keep} of them. */
    private static BackfillResults results(List<Strategy> strategies, int keep, int cores) {
        BackfillOptions options = new BackfillOptions(new Dataset(ROWS, 100), strategies, true, true,
                4, Duration.ofSeconds(3), Duration.ofSeconds(20), 12_345, Path.of("tool.jar"), List.of(),
                Path.of("out.md"), Path.of("logs"), "pgbench");
        List<StrategyRun> runs = new ArrayList<>();
        runs.add(run(Strategy.ONE_STATEMENT, false, 10, 200, null));
        runs.add(run(Strategy.SEED_RECIPE, false, 20, 200, null));
        runs.add(run(Strategy.OURS, false, 10.2, 120, null));
        runs.add(run(Strategy.OURS_THROTTLED, false, 40, 120, null));
        runs.add(run(Strategy.OURS_2_WORKERS, false, 6, 125, null));
        runs.add(run(Strategy.OURS_4_WORKERS, false, 5, 130, null));
        runs.add(run(Strategy.OURS_GUARD, false, 15, 125, null));
        runs.add(run(Strategy.ONE_STATEMENT, true, 12, 200, writers(100, 9_000, 12_000)));
        runs.add(run(Strategy.SEED_RECIPE, true, 25, 200, writers(700, 20, 45)));
        runs.add(run(Strategy.OURS, true, 14, 140, writers(800, 25, 150)));
        runs.add(run(Strategy.OURS_THROTTLED, true, 50, 130, writers(900, 10, 60)));
        runs.removeIf(r -> !strategies.contains(r.strategy()));
        return new BackfillResults("java -jar benchmarks/target/benchmarks.jar backfill --rows 1000000", options,
                new Machine(cores, "8 GiB", "cpu", "18.6", "java 17", "linux"), 100, true, Optional.of(1.5),
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
                "isolated, --workers 2, rows/s ≥ 1.2× one statement (2 cores) => yes",
                "under load, rows/s ≥ 1.5× seed recipe under the same load => yes",
                "under load, writer max ≤ 100 ms => no",
                "under load, writer p99 ≤ 1.1× seed recipe's (20.0 ms) => no",
                "isolated, table after ≤ 1.3× before => yes",
                "under load, table after ≤ 1.3× before => no",
                "throttled: writers keep ≥ 0.9× idle tps (--max-rows-per-second 12345) => yes",
                "isolated, real duration ≥ 0.75× estimate's => yes",
                "isolated, real duration ≤ 1.25× estimate's => yes");
        assertThat(targets.get(1).get(1)).isEqualTo("1.67×");
        assertThat(targets.get(3).get(3)).isEqualTo("150 ms vs 100 ms: 50% above the bound");
        assertThat(targets.get(6).get(3)).isEqualTo("1.40× vs 1.30×: 8% above the bound");
    }

    @Test
    void theSectionNamesTheCommandTheMachineAndEveryRun() {
        String markdown = new BackfillReport(results()).markdown();

        assertThat(markdown).contains("java -jar benchmarks/target/benchmarks.jar backfill --rows 1000000",
                "- cores (`nproc`): 2", "- PostgreSQL: 18.6", "--max-rows-per-second 12345",
                "Starting the tool's JVM alone (`--help`) takes 1.5 s", "| writers alone (idle baseline) |",
                "session_replication_role = replica");
        assertThat(markdown.lines().filter(l -> l.startsWith("| 3 ours, defaults |"))).hasSize(2);
        assertThat(markdown.lines().filter(l -> l.startsWith("| 5 ours, 2 workers |"))).hasSize(1);
        assertThat(markdown.lines().filter(l -> l.startsWith("| 6 ours, 4 workers |"))).hasSize(1);
        assertThat(markdown).doesNotContain("Partial");
    }

    @Test
    void theWorkersTableScalesOursAgainstOneStatementAndAgainstOneWorker() {
        List<List<String>> workers = new BackfillReport(results()).workers().rows();

        // 1,000,000 rows: one statement 10 s; ours 10.2 s, 6 s and 5 s; each estimate 1.1× its real time
        assertThat(workers).containsExactly(
                List.of("1", "3 ours, defaults", "98,039", "0.98×", "1.00×", "10.2 s", "11.2 s (0.91×)"),
                List.of("2", "5 ours, 2 workers", "166,667", "1.67×", "1.70×", "6.0 s", "6.6 s (0.91×)"),
                List.of("4", "6 ours, 4 workers", "200,000", "2.00×", "2.04×", "5.0 s", "5.5 s (0.91×)"));
    }

    @Test
    void theSectionShowsTheWorkersAndSaysTheyRunIsolatedOnly() {
        String markdown = new BackfillReport(results()).markdown();

        assertThat(markdown).contains("### Workers (isolated)", "| workers | strategy | rows/s | × one stmt |",
                "they run isolated only (under the writer load only strategies 1 to 4 run)");
        assertThat(markdown.indexOf("### Workers")).isLessThan(markdown.indexOf("### Targets"));
    }

    @Test
    void withoutSeveralWorkersThereIsNoWorkersTableAndTheTwoWorkerTargetIsNotMeasured() {
        BackfillResults results = results(List.of(Strategy.ONE_STATEMENT, Strategy.SEED_RECIPE, Strategy.OURS,
                Strategy.OURS_THROTTLED), 8, 2);
        BackfillReport report = new BackfillReport(results);

        assertThat(report.showsWorkers()).isFalse();
        assertThat(report.markdown()).doesNotContain("### Workers", "Strategies 5 and 6");
        assertThat(report.targets().rows().get(1)).containsExactly(
                "isolated, --workers 2, rows/s ≥ 1.2× one statement (2 cores)", "not measured in this run", "–", "–");
    }

    @Test
    void theTwoWorkerTargetNamesTheCoresItWasMeasuredOnWhenNotTwo() {
        List<String> target = new BackfillReport(results(List.of(Strategy.values()), 10, 8)).targets().rows().get(1);

        assertThat(target.get(0)).isEqualTo("isolated, --workers 2, rows/s ≥ 1.2× one statement (2 cores; measured on 8)");
    }

    @Test
    void workerStrategiesRunIsolatedOnlySoTheyPlanOneRunEach() {
        // seven strategies isolated, the four that run under load again
        assertThat(results(3).plannedRuns()).isEqualTo(11);
    }

    @Test
    void aSectionWrittenHalfWaySaysSo() {
        String markdown = new BackfillReport(results(3)).markdown();

        assertThat(markdown).contains("**Partial: 3 of 11 runs so far**");
        assertThat(new BackfillReport(results(3)).targets().rows().get(3).get(1)).isEqualTo("not measured in this run");
        assertThat(new BackfillReport(results(3)).workers().rows()).extracting(row -> row.get(2))
                .containsExactly("98,039", "not measured in this run", "not measured in this run");
    }
}
