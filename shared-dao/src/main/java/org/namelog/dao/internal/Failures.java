package org.namelog.dao.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Sorts database failures by what a caller may safely do about them. */
public final class Failures {

    /**
     * serialization_failure, deadlock_detected, lock_not_available: PostgreSQL raised them before
     * the statement took effect and rolled its transaction back, so the work did not happen and a
     * retry cannot duplicate it.
     */
    private static final Set<String> ROLLED_BACK_TRANSIENT = Set.of("40001", "40P01", "55P03");

    /** admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    /** query_canceled: here, the server's statement_timeout ended the statement. */
    private static final String QUERY_CANCELED = "57014";

    /** unique_violation, foreign_key_violation, exclusion_violation: the data clashes with stored data. */
    private static final Set<String> CONFLICTS = Set.of("23505", "23503", "23P01");

    private Failures() {}

    /** The first SQLException in the cause chain, or {@code null}. */
    public static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The SQLState of the first SQLException in the cause chain, or {@code null}. */
    public static String sqlState(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql == null ? null : sql.getSQLState();
    }

    /** A failure whose transaction was rolled back by the server: safe to retry, reads or writes. */
    public static boolean isRolledBackTransient(Throwable failure) {
        String state = sqlState(failure);
        return state != null && ROLLED_BACK_TRANSIENT.contains(state);
    }

    /**
     * The database could not be reached, or the connection broke. For a write this means the
     * outcome is unknown: the server may have committed before the answer was lost.
     */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || SERVER_GOING_AWAY.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server ended the statement at its statement_timeout; the transaction was rolled back. */
    public static boolean isStatementTimeout(Throwable failure) {
        return QUERY_CANCELED.equals(sqlState(failure));
    }

    /**
     * The database cannot serve now: unreachable, or too slow to answer within the deadline. The
     * circuit breaker counts these, and only these.
     */
    public static boolean isUnavailable(Throwable failure) {
        return isConnectionFailure(failure) || isStatementTimeout(failure);
    }

    /** An integrity constraint (class 23) or a value the column cannot hold (class 22) refused the data. */
    public static boolean isDataRejected(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("23") || state.startsWith("22"));
    }

    /** Whether the rejection is a clash with stored data (unique, foreign key, exclusion). */
    public static boolean isConflict(Throwable failure) {
        String state = sqlState(failure);
        return state != null && CONFLICTS.contains(state);
    }

    /** The constraint the server named, or {@code null}. A name from the schema, never data. */
    public static String constraint(Throwable failure) {
        ServerErrorMessage message = serverMessage(failure);
        return message == null ? null : message.getConstraint();
    }

    /** The column the server named, or {@code null}. */
    public static String column(Throwable failure) {
        ServerErrorMessage message = serverMessage(failure);
        return message == null ? null : message.getColumn();
    }

    private static ServerErrorMessage serverMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage();
            }
        }
        return null;
    }
}
