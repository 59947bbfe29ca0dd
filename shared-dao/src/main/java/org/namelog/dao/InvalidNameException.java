package org.namelog.dao;

/**
 * A name PostgreSQL cannot store exactly. Thrown before anything is written, so nothing is lost
 * and nothing is half-written; the caller must change the input.
 */
public final class InvalidNameException extends NameLogDaoException {

    public InvalidNameException(String message) {
        super(message);
    }
}
