package org.namelog.bench.backfill;

import java.util.List;
import java.util.Optional;
import org.namelog.bench.server.Machine;

/**
 * Everything one run of the backfill benchmark measured.
 *
 * @param command the command line that produced it
 * @param options the options it ran with
 * @param machine where it ran
 * @param distinctNames distinct names the dataset ended up with
 * @param exactDeadTuples whether dead tuples were counted by pgstattuple (else estimated by the statistics)
 * @param toolStartSeconds how long the migration tool's JVM takes to start (when ours ran)
 * @param baseline the writers alone (under-load mode only)
 * @param runs every strategy's run, isolated ones first
 */
public record BackfillResults(String command, BackfillOptions options, Machine machine, long distinctNames,
        boolean exactDeadTuples, Optional<Double> toolStartSeconds, Optional<WriterFigures> baseline, List<StrategyRun> runs) {

    public BackfillResults {
        runs = List.copyOf(runs);
    }

    /** How many runs the options ask for: every strategy isolated, those that can under load. */
    int plannedRuns() {
        return (options.isolated() ? options.strategies().size() : 0)
                + (options.underLoad() ? options.strategiesUnderLoad().size() : 0);
    }

    Optional<StrategyRun> run(Strategy strategy, boolean underLoad) {
        return runs.stream().filter(r -> r.strategy() == strategy && r.underLoad() == underLoad).findFirst();
    }

    /** Rows/s of this run as a multiple of strategy 1's in the same mode. */
    double ratioToOneStatement(StrategyRun run) {
        return run(Strategy.ONE_STATEMENT, run.underLoad())
                .map(one -> run.rowsPerSecond() / one.rowsPerSecond()).orElse(Double.NaN);
    }

    /** The writers' tps during this run as a multiple of the idle baseline's. */
    double writerTpsRatio(WriterFigures writers) {
        return baseline.map(b -> writers.tps() / b.tps()).orElse(Double.NaN);
    }
}
