package org.namelog.migration.ddl;

import java.time.Duration;

/**
 * How schema statements wait for their locks.
 *
 * @param lockTimeout how long one attempt may wait for a lock before it gives up
 * @param maxRetries how many more attempts after the first, with exponential backoff and jitter
 * @param initialBackoff the pause before the first retry (doubled each time, jittered by ±50%)
 * @param maxBackoff the longest pause between attempts
 */
public record DdlSettings(Duration lockTimeout, int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    public DdlSettings {
        if (lockTimeout == null || lockTimeout.isZero() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("--lock-timeout must be positive but was " + lockTimeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("--max-ddl-retries must be >= 0 but was " + maxRetries);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and at most " + maxBackoff
                    + " but was " + initialBackoff);
        }
    }

    public static DdlSettings of(Duration lockTimeout, int maxRetries) {
        return new DdlSettings(lockTimeout, maxRetries, Duration.ofMillis(250), Duration.ofSeconds(30));
    }
}
