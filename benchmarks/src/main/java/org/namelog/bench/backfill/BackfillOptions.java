package org.namelog.bench.backfill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.namelog.testbed.Dataset;

/**
 * How one backfill benchmark runs. Validated when built.
 *
 * @param dataset the rows loaded once into the template
 * @param strategies the strategies, in the order they run
 * @param isolated whether each strategy runs alone
 * @param underLoad whether each strategy runs again under the writer load
 * @param writers writer threads (connections) of the load
 * @param writerWarmup how long the writers run before a strategy starts (not measured)
 * @param baseline how long the writers alone are measured for the idle baseline
 * @param throttleRowsPerSecond {@code --max-rows-per-second} of strategy 4
 * @param migrateJar the migration tool's runnable jar (strategies 3 and 4)
 * @param migrateOptions extra options for the tool's backfill, in both strategies 3 and 4
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
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(logDirectory, "logDirectory");
        Objects.requireNonNull(pgbench, "pgbench");
    }

    boolean runsMigrationTool() {
        return strategies.stream().anyMatch(Strategy::usesMigrationTool);
    }
}
