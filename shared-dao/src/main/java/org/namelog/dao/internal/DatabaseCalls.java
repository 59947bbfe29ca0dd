package org.namelog.dao.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.DataRejectedException;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.NameLogDaoException;

/**
 * Runs every database call under a deadline, a retry and a circuit breaker, and turns what escapes
 * into the DAO's exceptions.
 *
 * <p>Reads and writes retry different failures. A read may be repeated after anything transient,
 * a broken connection included. A write is retried only after a failure that PostgreSQL raised
 * <em>before</em> the transaction took effect and that rolled it back (serialization failure,
 * deadlock, lock timeout): the write certainly did not happen, so repeating it cannot duplicate
 * it. A write whose connection broke is never retried, because the server may have committed it
 * before the answer was lost; the caller gets {@link DatabaseUnavailableException} and decides
 * (a service answers 503, its client may re-read before it re-sends).
 *
 * <p>Deadline: a retry starts only if its backoff and one more whole attempt
 * ({@link DaoConfig#attemptTimeout()}) still end before the call's deadline
 * ({@link DaoConfig#callTimeout()}). So a call against a silent database fails after one attempt
 * instead of queueing attempts behind each other.
 *
 * <p>Recovery: the breaker opens when at least half of the last calls (five at least) found the
 * database unavailable (unreachable, or a statement ended by the server's timeout). It fails fast
 * for {@link DaoConfig#breakerOpenDuration()}, then lets exactly one call through; that call, or a
 * {@link #probe probe}, closes it if it succeeds and opens it again if not. "Back" means that
 * one call succeeded, never that a timer ran out.
 *
 * <p>Messages name the operation and the condition (SQLState, constraint), never the server's
 * message: it may carry a host, pool statistics or the row's data.
 */
public final class DatabaseCalls {

    private final Retry readRetry;
    private final Retry writeRetry;
    private final CircuitBreaker breaker;
    private final Duration openDuration;
    private final long callTimeoutNanos;
    private final long attemptNanos;
    private final long worstBackoffNanos;
    private final AtomicLong openedAtNanos = new AtomicLong(System.nanoTime());
    /** The deadline of the call running on this thread (calls are synchronous). */
    private final ThreadLocal<long[]> deadline = ThreadLocal.withInitial(() -> new long[1]);

    public DatabaseCalls(DaoConfig config, MeterRegistry registry) {
        this.openDuration = config.breakerOpenDuration();
        this.callTimeoutNanos = config.callTimeout().toNanos();
        this.attemptNanos = config.attemptTimeout().toNanos();
        // the exponential backoff with 50 % jitter never waits longer than this before the last attempt
        this.worstBackoffNanos = (long) (config.retryInitialBackoff().toNanos()
                * Math.pow(2.0, Math.max(0, config.retryMaxAttempts() - 2)) * 1.5);
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                config.retryInitialBackoff(), 2.0, 0.5);
        RetryRegistry retries = RetryRegistry.ofDefaults();
        Predicate<Throwable> readRetryable = t -> Failures.isRolledBackTransient(t) || Failures.isConnectionFailure(t);
        Predicate<Throwable> writeRetryable = Failures::isRolledBackTransient;
        this.readRetry = retries.retry("namelog-read", RetryConfig.custom()
                .maxAttempts(config.retryMaxAttempts())
                .intervalFunction(backoff)
                .retryOnException(readRetryable.and(t -> anotherAttemptFits()))
                .build());
        this.writeRetry = retries.retry("namelog-write", RetryConfig.custom()
                .maxAttempts(config.retryMaxAttempts())
                .intervalFunction(backoff)
                .retryOnException(writeRetryable.and(t -> anotherAttemptFits()))
                .build());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        this.breaker = breakers.circuitBreaker("namelog-database", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenDuration())
                // one probe decides: success closes, failure opens again
                .permittedNumberOfCallsInHalfOpenState(1)
                // a probe that never returned must not keep the breaker half-open forever
                .maxWaitDurationInHalfOpenState(config.callTimeout())
                // only an unavailable database opens the breaker; a constraint violation is the caller's
                .recordException(Failures::isUnavailable)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAtNanos.set(System.nanoTime());
            }
        });
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    }

    public <T> T read(String operation, Supplier<T> call) {
        return run(operation, readRetry, call);
    }

    public <T> T write(String operation, Supplier<T> call) {
        return run(operation, writeRetry, call);
    }

    /** The breaker's state, for health checks. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /**
     * Whether the database serves this DAO now. While the breaker is closed, yes, without a call.
     * Otherwise, once its open time has passed, {@code check} runs as the breaker's one half-open
     * call: its success closes the breaker (the instance is back), its failure opens it again.
     *
     * @param check a cheap round trip to the database; throws if it gets no answer
     * @return whether the breaker is closed afterwards
     */
    public boolean probe(Supplier<?> check) {
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            return true;
        }
        if (!breaker.tryAcquirePermission()) {
            return false;
        }
        long start = System.nanoTime();
        try {
            check.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException failure) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
        }
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    private boolean anotherAttemptFits() {
        long now = System.nanoTime();
        return now + worstBackoffNanos + attemptNanos - deadline.get()[0] <= 0;
    }

    private <T> T run(String operation, Retry retry, Supplier<T> call) {
        deadline.get()[0] = System.nanoTime() + callTimeoutNanos;
        // The breaker sits inside the retry: while it is open the call fails at once, and
        // CallNotPermittedException is not a failure either retry repeats.
        Supplier<T> guarded = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call));
        try {
            return guarded.get();
        } catch (CallNotPermittedException open) {
            Duration left = openDuration.minusNanos(System.nanoTime() - openedAtNanos.get());
            Duration retryAfter = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
            throw new DatabaseUnavailableException(operation + " failed fast: the database was unreachable"
                    + " moments ago and the circuit breaker is open; retry after "
                    + seconds(retryAfter) + "s", retryAfter, open);
        } catch (NameLogDaoException own) {
            throw own;
        } catch (RuntimeException failure) {
            throw translate(operation, failure);
        }
    }

    private static NameLogDaoException translate(String operation, RuntimeException failure) {
        String state = Failures.sqlState(failure);
        if (Failures.isConnectionFailure(failure)) {
            return new DatabaseUnavailableException(operation + " failed: the database is unreachable"
                    + (state == null ? "" : " (SQLState " + state + ")") + "; retry after 1s",
                    Duration.ofSeconds(1), failure);
        }
        if (Failures.isStatementTimeout(failure)) {
            return new DatabaseUnavailableException(operation + " failed: the database did not answer within"
                    + " the statement timeout (SQLState " + state + "); retry after 1s", Duration.ofSeconds(1), failure);
        }
        if (Failures.isDataRejected(failure)) {
            String constraint = Failures.constraint(failure);
            String column = Failures.column(failure);
            boolean conflict = Failures.isConflict(failure);
            StringBuilder message = new StringBuilder(operation).append(" refused: ")
                    .append(conflict ? "the data conflicts with stored data" : "the database does not accept the data")
                    .append(" (SQLState ").append(state);
            if (constraint != null) {
                message.append(", constraint ").append(constraint);
            }
            if (column != null) {
                message.append(", column ").append(column);
            }
            message.append("); nothing was written");
            return new DataRejectedException(message.toString(),
                    conflict ? DataRejectedException.Kind.CONFLICT : DataRejectedException.Kind.INVALID,
                    state, constraint, column, failure);
        }
        return new NameLogDaoException(operation + " failed: "
                + (state == null ? failure.getClass().getSimpleName() : "SQLState " + state), failure);
    }

    private static long seconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
