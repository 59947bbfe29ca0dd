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
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.NameLogDaoException;

/**
 * Runs every database call under a retry and a circuit breaker, and turns what escapes into the
 * DAO's exceptions.
 *
 * <p>Reads and writes retry different failures. A read may be repeated after anything transient,
 * a broken connection included. A write is retried only after a failure that PostgreSQL raised
 * <em>before</em> the transaction took effect and that rolled it back (serialization failure,
 * deadlock, lock timeout): the write certainly did not happen, so repeating it cannot duplicate
 * it. A write whose connection broke is never retried, because the server may have committed it
 * before the answer was lost; the caller gets {@link DatabaseUnavailableException} and decides
 * (a service answers 503, its client may re-read before it re-sends).
 */
public final class DatabaseCalls {

    private final Retry readRetry;
    private final Retry writeRetry;
    private final CircuitBreaker breaker;
    private final Duration openDuration;

    public DatabaseCalls(DaoConfig config, MeterRegistry registry) {
        this.openDuration = config.breakerOpenDuration();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                config.retryInitialBackoff(), 2.0, 0.5);
        RetryRegistry retries = RetryRegistry.ofDefaults();
        this.readRetry = retries.retry("namelog-read", RetryConfig.custom()
                .maxAttempts(config.retryMaxAttempts())
                .intervalFunction(backoff)
                .retryOnException(t -> Failures.isRolledBackTransient(t) || Failures.isConnectionFailure(t))
                .build());
        this.writeRetry = retries.retry("namelog-write", RetryConfig.custom()
                .maxAttempts(config.retryMaxAttempts())
                .intervalFunction(backoff)
                .retryOnException(Failures::isRolledBackTransient)
                .build());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        this.breaker = breakers.circuitBreaker("namelog-database", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                // only an unreachable database opens the breaker; a constraint violation is the caller's
                .recordException(Failures::isConnectionFailure)
                .build());
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

    private <T> T run(String operation, Retry retry, Supplier<T> call) {
        // The breaker sits inside the retry: while it is open the call fails at once, and
        // CallNotPermittedException is not a failure either retry repeats.
        Supplier<T> guarded = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call));
        try {
            return guarded.get();
        } catch (CallNotPermittedException open) {
            throw new DatabaseUnavailableException(operation + " failed fast: the database was unreachable"
                    + " moments ago and the circuit breaker is open; retry after "
                    + openDuration.toSeconds() + "s", openDuration, open);
        } catch (NameLogDaoException own) {
            throw own;
        } catch (RuntimeException failure) {
            if (Failures.isConnectionFailure(failure)) {
                throw new DatabaseUnavailableException(operation + " failed: the database is unreachable ("
                        + describe(failure) + "); retry later", Duration.ofSeconds(1), failure);
            }
            throw new NameLogDaoException(operation + " failed: " + describe(failure), failure);
        }
    }

    private static String describe(Throwable failure) {
        SQLException sql = Failures.sqlCause(failure);
        if (sql == null) {
            return String.valueOf(failure.getMessage());
        }
        return "SQLState " + sql.getSQLState() + ": " + sql.getMessage();
    }
}
