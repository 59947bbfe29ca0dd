package org.namelog.dao.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

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

    /** A failure whose transaction was rolled back by the server: safe to retry, reads or writes. */
    public static boolean isRolledBackTransient(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && sql.getSQLState() != null && ROLLED_BACK_TRANSIENT.contains(sql.getSQLState());
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
}
