package org.namelog.dao;

/**
 * The database refused the data of a call: a constraint (unique, foreign key, check, not null) or
 * a value it cannot hold. The transaction was rolled back, so nothing was written; sending the
 * same data again fails the same way.
 *
 * <p>The message names the condition (SQLState, constraint, column), never the row: PostgreSQL's
 * own message and detail ({@code Failing row contains (...)}) may carry personal data.
 */
public final class DataRejectedException extends NameLogDaoException {

    /** How a caller should answer. */
    public enum Kind {
        /** The data clashes with what is stored (unique or foreign key): HTTP 409. */
        CONFLICT,
        /** The data itself breaks a rule (check, not null, out of range): HTTP 422. */
        INVALID
    }

    private final Kind kind;
    private final String sqlState;
    private final String constraint;
    private final String column;

    public DataRejectedException(String message, Kind kind, String sqlState, String constraint, String column,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.sqlState = sqlState;
        this.constraint = constraint;
        this.column = column;
    }

    public Kind kind() {
        return kind;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The constraint that refused the data, or {@code null} if the server did not name one. */
    public String constraint() {
        return constraint;
    }

    /** The column at fault, or {@code null} if the server did not name one. */
    public String column() {
        return column;
    }
}
