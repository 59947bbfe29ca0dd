package org.namelog.migration.backfill;

import java.time.Duration;

/**
 * What a running backfill tells whoever watches it besides the terminal (the tool's metrics).
 * Called from the batch workers and the throttle's poller: implementations must be thread-safe and
 * quick (they only record values).
 */
public interface BackfillObserver {

    /** Nobody watches. */
    BackfillObserver NONE = new BackfillObserver() { };

    /** After every batch: rows updated so far in this run, ids left, the rate, the ETA (null if unknown). */
    default void progress(long rowsDone, long idsRemaining, double rowsPerSecond, Duration eta) { }

    /** One batch's duration and the rows it changed. */
    default void batch(Duration took, long rows) { }

    /** Whether the run holds (paused, outside its window, or waiting for the standbys). */
    default void holding(boolean holding) { }

    /** The largest lag of the WAL consumers, in bytes, as last measured. */
    default void replicaLagBytes(long bytes) { }
}
