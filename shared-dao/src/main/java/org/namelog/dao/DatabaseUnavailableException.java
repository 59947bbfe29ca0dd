package org.namelog.dao;

import java.time.Duration;

/**
 * The database cannot be reached, or the circuit breaker is open because it could not be reached
 * a moment ago. Nothing was written by the failed call unless the call was a write whose
 * connection broke mid-flight (see {@link NameLogDao}): callers should answer "try again later"
 * (HTTP 503) after {@link #retryAfter()}.
 */
public final class DatabaseUnavailableException extends NameLogDaoException {

    private final Duration retryAfter;

    public DatabaseUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before the next attempt is worth making. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
