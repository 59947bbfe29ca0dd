package org.namelog.migration.backfill;

import java.time.Duration;

/**
 * Steers the batch size towards a target batch duration: after each batch the next size is the
 * current one scaled by target/actual, but never more than doubled or halved at once, and always
 * within [min, max]. A batch that failed on a timeout halves the size.
 */
public final class BatchSizer {

    private final int min;
    private final int max;
    private final long targetNanos;
    private int size;
    private long lastTargetNanos;

    public BatchSizer(int initial, int min, int max, Duration target) {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("batch sizes must satisfy 1 <= --min-batch-size (" + min
                    + ") <= --batch-size (" + initial + ") <= --max-batch-size (" + max + ")");
        }
        if (target.isZero() || target.isNegative()) {
            throw new IllegalArgumentException("--target-batch-duration must be positive but was " + target);
        }
        this.min = min;
        this.max = max;
        this.targetNanos = target.toNanos();
        this.size = initial;
        this.lastTargetNanos = targetNanos;
    }

    public int size() {
        return size;
    }

    /** Adapts to a batch of the current size that took {@code took}. */
    public int after(Duration took) {
        return after(took, targetNanos);
    }

    /** Adapts to a batch of the current size that took {@code took}, steering towards {@code target}. */
    public int after(Duration took, Duration target) {
        return after(took, target.toNanos());
    }

    private int after(Duration took, long targetNanos) {
        double ratio = took.isZero() ? 2.0 : (double) targetNanos / took.toNanos();
        // a lower target (writers began to wait) is reached at once; otherwise at most x2 or /2 a step
        double floor = targetNanos < lastTargetNanos ? 0.05 : 0.5;
        lastTargetNanos = targetNanos;
        ratio = Math.max(floor, Math.min(2.0, ratio));
        size = clamp((int) Math.round(size * ratio));
        return size;
    }

    /** The batch timed out: try again with half. */
    public int afterTimeout() {
        size = clamp(size / 2);
        return size;
    }

    private int clamp(int value) {
        return Math.max(min, Math.min(max, value));
    }
}
