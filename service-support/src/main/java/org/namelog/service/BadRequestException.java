package org.namelog.service;

/** The request cannot be served as sent (HTTP 400); {@link #field()} names what to fix. */
public final class BadRequestException extends ServiceException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON field, path or query parameter at fault, or {@code body} for the body as a whole. */
    public String field() {
        return field;
    }
}
