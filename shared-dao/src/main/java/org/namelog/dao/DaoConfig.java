package org.namelog.dao;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the DAO. Immutable; validated when built. Start from {@link #defaults()}.
 *
 * @param nameCacheMaxBytes upper bound of the name cache, counted in (approximate) heap bytes of
 *     the cached names, so that a few huge names cannot exhaust the heap
 * @param retryMaxAttempts attempts per call for failures that are safe to retry (1 = no retry)
 * @param retryInitialBackoff the first backoff; it doubles per attempt, with jitter
 * @param breakerOpenDuration how long the circuit breaker fails fast before it tries again
 * @param maxPageSize the largest {@code limit} a paged read accepts
 */
public record DaoConfig(
        long nameCacheMaxBytes,
        int retryMaxAttempts,
        Duration retryInitialBackoff,
        Duration breakerOpenDuration,
        int maxPageSize) {

    public DaoConfig {
        if (nameCacheMaxBytes < 0) {
            throw new IllegalArgumentException("nameCacheMaxBytes must be >= 0 but was " + nameCacheMaxBytes);
        }
        if (retryMaxAttempts < 1) {
            throw new IllegalArgumentException("retryMaxAttempts must be >= 1 but was " + retryMaxAttempts);
        }
        Objects.requireNonNull(retryInitialBackoff, "retryInitialBackoff");
        if (retryInitialBackoff.isNegative() || retryInitialBackoff.isZero()) {
            throw new IllegalArgumentException("retryInitialBackoff must be positive but was " + retryInitialBackoff);
        }
        Objects.requireNonNull(breakerOpenDuration, "breakerOpenDuration");
        if (breakerOpenDuration.isNegative() || breakerOpenDuration.isZero()) {
            throw new IllegalArgumentException("breakerOpenDuration must be positive but was " + breakerOpenDuration);
        }
        if (maxPageSize < 1) {
            throw new IllegalArgumentException("maxPageSize must be >= 1 but was " + maxPageSize);
        }
    }

    /** 64 MiB of names, 3 attempts from 50 ms, a 5 s open breaker, pages of at most 1,000. */
    public static DaoConfig defaults() {
        return new DaoConfig(64L << 20, 3, Duration.ofMillis(50), Duration.ofSeconds(5), 1_000);
    }

    public DaoConfig withNameCacheMaxBytes(long bytes) {
        return new DaoConfig(bytes, retryMaxAttempts, retryInitialBackoff, breakerOpenDuration, maxPageSize);
    }

    public DaoConfig withRetryMaxAttempts(int attempts) {
        return new DaoConfig(nameCacheMaxBytes, attempts, retryInitialBackoff, breakerOpenDuration, maxPageSize);
    }

    public DaoConfig withBreakerOpenDuration(Duration duration) {
        return new DaoConfig(nameCacheMaxBytes, retryMaxAttempts, retryInitialBackoff, duration, maxPageSize);
    }
}
