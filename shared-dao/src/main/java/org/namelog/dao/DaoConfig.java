package org.namelog.dao;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the DAO. Immutable; validated when built. Start from {@link #defaults()}.
 *
 * <p>Deadlines: one DAO call, retries included, ends within {@code callTimeout}. The DAO cannot
 * cut a statement short itself; whoever builds its pool bounds one attempt (the pool's connection
 * timeout, the driver's socket timeout, the server's {@code statement_timeout}) and states that
 * bound as {@code attemptTimeout}. A retry then starts only if another whole attempt, after its
 * backoff, still fits before the call's deadline.
 *
 * @param nameCacheMaxBytes upper bound of the name cache, counted in (approximate) heap bytes of
 *     the cached names, so that a few huge names cannot exhaust the heap
 * @param retryMaxAttempts attempts per call for failures that are safe to retry (1 = no retry)
 * @param retryInitialBackoff the first backoff; it doubles per attempt, with jitter
 * @param breakerOpenDuration how long the circuit breaker fails fast before it lets one probe call
 *     through; the first probe that succeeds closes it
 * @param maxPageSize the largest {@code limit} a paged read accepts
 * @param callTimeout the deadline of one DAO call, retries included
 * @param attemptTimeout the longest one attempt can take, as the pool and the server bound it;
 *     at most {@code callTimeout}
 */
public record DaoConfig(
        long nameCacheMaxBytes,
        int retryMaxAttempts,
        Duration retryInitialBackoff,
        Duration breakerOpenDuration,
        int maxPageSize,
        Duration callTimeout,
        Duration attemptTimeout) {

    /** The deadline of a DAO call unless configured: see {@link #defaults()}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(8);

    /** The bound of one attempt unless configured: see {@link #defaults()}. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    public DaoConfig {
        if (nameCacheMaxBytes < 0) {
            throw new IllegalArgumentException("nameCacheMaxBytes must be >= 0 but was " + nameCacheMaxBytes);
        }
        if (retryMaxAttempts < 1) {
            throw new IllegalArgumentException("retryMaxAttempts must be >= 1 but was " + retryMaxAttempts);
        }
        requirePositive("retryInitialBackoff", retryInitialBackoff);
        requirePositive("breakerOpenDuration", breakerOpenDuration);
        if (maxPageSize < 1) {
            throw new IllegalArgumentException("maxPageSize must be >= 1 but was " + maxPageSize);
        }
        requirePositive("callTimeout", callTimeout);
        requirePositive("attemptTimeout", attemptTimeout);
        if (attemptTimeout.compareTo(callTimeout) > 0) {
            throw new IllegalArgumentException("attemptTimeout (" + attemptTimeout + ") must be at most callTimeout ("
                    + callTimeout + "): one attempt must fit in the call's deadline");
        }
    }

    /** The tuning without deadlines of its own: {@link #DEFAULT_CALL_TIMEOUT}, {@link #DEFAULT_ATTEMPT_TIMEOUT}. */
    public DaoConfig(long nameCacheMaxBytes, int retryMaxAttempts, Duration retryInitialBackoff,
            Duration breakerOpenDuration, int maxPageSize) {
        this(nameCacheMaxBytes, retryMaxAttempts, retryInitialBackoff, breakerOpenDuration, maxPageSize,
                DEFAULT_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT);
    }

    /**
     * 64 MiB of names, 3 attempts from 50 ms, a 2 s open breaker, pages of at most 1,000, an 8 s
     * call deadline of which one attempt may take 5 s (1 s for a connection, 4 s socket timeout).
     */
    public static DaoConfig defaults() {
        return new DaoConfig(64L << 20, 3, Duration.ofMillis(50), Duration.ofSeconds(2), 1_000,
                DEFAULT_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT);
    }

    public DaoConfig withNameCacheMaxBytes(long bytes) {
        return new DaoConfig(bytes, retryMaxAttempts, retryInitialBackoff, breakerOpenDuration, maxPageSize,
                callTimeout, attemptTimeout);
    }

    public DaoConfig withRetryMaxAttempts(int attempts) {
        return new DaoConfig(nameCacheMaxBytes, attempts, retryInitialBackoff, breakerOpenDuration, maxPageSize,
                callTimeout, attemptTimeout);
    }

    public DaoConfig withBreakerOpenDuration(Duration duration) {
        return new DaoConfig(nameCacheMaxBytes, retryMaxAttempts, retryInitialBackoff, duration, maxPageSize,
                callTimeout, attemptTimeout);
    }

    /** The call's deadline and the bound of one attempt (see the class comment). */
    public DaoConfig withDeadlines(Duration call, Duration attempt) {
        return new DaoConfig(nameCacheMaxBytes, retryMaxAttempts, retryInitialBackoff, breakerOpenDuration,
                maxPageSize, call, attempt);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
