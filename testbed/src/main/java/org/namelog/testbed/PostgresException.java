package org.namelog.testbed;

/** A server could not be started, reached or administered; the message says what to do. */
public final class PostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
