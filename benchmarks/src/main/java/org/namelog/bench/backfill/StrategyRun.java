package org.namelog.bench.backfill;

import java.util.Optional;

/**
 * One strategy's figures in one mode.
 *
 * @param strategy which strategy
 * @param underLoad whether the writer load ran meanwhile
 * @param seconds wall-clock time of the backfill (for ours: the child JVM's whole life)
 * @param walBytes WAL written meanwhile, by the backfill and (under load) the writers
 * @param before the table before
 * @param after the table right after
 * @param deadTuples dead row versions right after
 * @param missing rows with a name but no name_id after the backfill (0 when it is complete)
 * @param wrong rows whose name_id names another text (0 when it is correct)
 * @param changedTimestamps dataset rows not touched by the writers whose "timestamp" changed
 * @param writers the writers' figures, under load
 * @param estimateSeconds for ours: what {@code estimate} predicted on the same copy just before
 */
public record StrategyRun(Strategy strategy, boolean underLoad, long rows, double seconds, long walBytes, TableState before,
        TableState after, long deadTuples, long missing, long wrong, long changedTimestamps,
        Optional<WriterFigures> writers, Optional<Double> estimateSeconds) {

    public double rowsPerSecond() {
        return rows / seconds;
    }

    /** The real duration against the estimate's prediction (1.0: exact), if there was one. */
    public Optional<Double> estimateError() {
        return estimateSeconds.map(e -> seconds / e);
    }

    public boolean timestampUnchanged() {
        return changedTimestamps == 0;
    }
}
