package org.namelog.bench.backfill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.namelog.testbed.Dataset;

/**
 * How one backfill benchmark runs. Validated when built.
 *
 * @param dataset the rows loaded once into the template
 * @param strategies the strategies, in the order they run
 * @param isolated whether each strategy runs alone
 * @param underLoad whether each strategy that {@linkplain Strategy#runsUnderLoad() can} runs again under
 *     the writer load
 * @param writers writer threads (connections) of the load
 * @param writerWarmup how long the writers run before a strategy starts (not measured)
 * @param baseline how long the writers alone are measured for the idle baseline
 * @param throttleRowsPerSecond {@code --max-rows-per-second} of strategy 4
 * @param migrateJar the migration tool's runnable jar (strategies 3 to 7)
 * @param migrateOptions extra options for the tool's backfill, in every strategy of ours (3 to 7)
 * @param output the Markdown file the figures go to
 * @param logDirectory where the tool's logs go
 * @param pgbench the pgbench executable that generates the writer load
 */
public record BackfillOptions(Dataset dataset, List<Strategy> strategies, boolean isolated, boolean underLoad,
        int writers, Duration writerWarmup, Duration baseline, long throttleRowsPerSecond, Path migrateJar,
        List<String> migrateOptions, Path output, Path logDirectory, String pgbench) {

    public BackfillOptions {
        Objects.requireNonNull(dataset, "dataset");
        strategies = List.copyOf(strategies);
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("strategies must name at least one strategy");
        }
        if (!strategies.contains(Strategy.ONE_STATEMENT)) {
            throw new IllegalArgumentException("strategies must include one-statement: every ratio is to it");
        }
        if (!isolated && !underLoad) {
            throw new IllegalArgumentException("modes must include isolated or load (or both)");
        }
        if (!isolated) {
            strategies.stream().filter(s -> !s.runsUnderLoad()).findFirst().ifPresent(s -> {
                throw new IllegalArgumentException(s.option() + " runs isolated only: add isolated to the modes"
                        + " or leave it out of the strategies");
            });
        }
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be >= 1 but was " + writers);
        }
        if (writerWarmup.isNegative() || baseline.isNegative() || baseline.isZero()) {
            throw new IllegalArgumentException("writer warm-up must be >= 0 and baseline > 0 but were "
                    + writerWarmup + " and " + baseline);
        }
        if (throttleRowsPerSecond < 1) {
            throw new IllegalArgumentException("throttle rows per second must be >= 1 but was " + throttleRowsPerSecond);
        }
        Objects.requireNonNull(migrateJar, "migrateJar");
        migrateOptions = List.copyOf(migrateOptions);
        if (strategies.stream().anyMatch(s -> s.workers() > 1)
                && migrateOptions.stream().anyMatch(o -> o.equals("--workers") || o.startsWith("--workers="))) {
            throw new IllegalArgumentException("--workers in the tool's options conflicts with ours-2-workers and"
                    + " ours-4-workers, which set it themselves: leave one or the other out");
        }
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(logDirectory, "logDirectory");
        Objects.requireNonNull(pgbench, "pgbench");
    }

    boolean runsMigrationTool() {
        return strategies.stream().anyMatch(Strategy::usesMigrationTool);
    }

    /** The strategies that run under the writer load, in their order. */
    List<Strategy> strategiesUnderLoad() {
        return strategies.stream().filter(Strategy::runsUnderLoad).toList();
    }

    /**
     * The options the tool's {@code backfill} (and its {@code estimate}) gets in one strategy of ours:
     * the extra ones for every strategy, then the strategy's own.
     */
    List<String> toolOptions(Strategy strategy) {
        if (!strategy.usesMigrationTool()) {
            throw new IllegalArgumentException(strategy.option() + " does not run the migration tool");
        }
        List<String> tool = new ArrayList<>(migrateOptions);
        if (strategy.workers() > 1) {
            tool.addAll(List.of("--workers", Integer.toString(strategy.workers())));
        }
        if (strategy == Strategy.OURS_THROTTLED) {
            tool.addAll(List.of("--max-rows-per-second", Long.toString(throttleRowsPerSecond)));
        }
        if (strategy == Strategy.OURS_GUARD) {
            tool.addAll(List.of("--trigger-mode", "guc"));
        }
        return List.copyOf(tool);
    }
}
