package org.namelog.dao;

/** The root of every failure the DAO reports. Unchecked: callers rarely recover locally. */
public class NameLogDaoException extends RuntimeException {

    public NameLogDaoException(String message) {
        super(message);
    }

    public NameLogDaoException(String message, Throwable cause) {
        super(message, cause);
    }
}
