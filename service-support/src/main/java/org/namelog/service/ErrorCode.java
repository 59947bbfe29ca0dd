package org.namelog.service;

/**
 * The stable codes of the services' error bodies, one per way a request can fail. Clients branch
 * on the code (and the HTTP status); the message is for people and may be reworded.
 */
public enum ErrorCode {
    /** 400: the body is not one JSON object (malformed, trailing content, a key repeated). */
    INVALID_BODY(400),
    /** 400: a field, path or query parameter is missing, mistyped or out of range; {@code field} names it. */
    INVALID_FIELD(400),
    /** 404: no entry with that id, or no such endpoint. */
    NOT_FOUND(404),
    /** 409: the data clashes with stored data (a unique or foreign-key constraint). */
    CONFLICT(409),
    /** 413: the body is larger than the service accepts, however it was sent. */
    BODY_TOO_LARGE(413),
    /** 422: the database refused the data (a check or not-null constraint, a value out of range). */
    CONSTRAINT_VIOLATION(422),
    /** 503: the database is unreachable or too slow, or was moments ago; see {@code Retry-After}. */
    DATABASE_UNAVAILABLE(503),
    /** 500: a fault of the service; the correlation id finds its log line. */
    INTERNAL_ERROR(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    /** The HTTP status this code answers with. */
    public int status() {
        return status;
    }

    /** The code as the body carries it: {@code invalid_body}, {@code database_unavailable}, ... */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
