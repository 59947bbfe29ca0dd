package org.namelog.bench.backfill;

/**
 * What the writers did while they were measured.
 *
 * @param operations writes that succeeded
 * @param errors writes that failed (each counted, never retried by the load itself)
 * @param firstError the first failure's message, if any failed
 * @param seconds how long they were measured
 * @param p50Millis median write latency
 * @param p99Millis 99th percentile write latency
 * @param maxMillis slowest write
 * @param longestGapMillis the longest stretch in which no writer committed anything
 */
public record WriterFigures(long operations, long errors, java.util.Optional<String> firstError, double seconds,
        double p50Millis, double p99Millis, double maxMillis, double longestGapMillis) {

    /** Writes per second. */
    public double tps() {
        return seconds > 0 ? operations / seconds : 0;
    }
}
