package org.namelog.migration.backfill;

import java.sql.SQLException;
import java.util.Set;

/** What a failed batch statement means for the backfill, by SQLSTATE. */
final class Failures {

    /** query_canceled (statement_timeout), lock_not_available, deadlock_detected, serialization_failure. */
    private static final Set<String> TRANSIENT = Set.of("57014", "55P03", "40P01", "40001");

    private Failures() {
    }

    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static String sqlState(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql == null ? null : sql.getSQLState();
    }

    /** A timeout or a conflict that a smaller batch, a moment later, may not meet. */
    static boolean isTransient(Throwable e) {
        return TRANSIENT.contains(sqlState(e));
    }

    /** Connection exceptions (class 08), and the server shutting down (57P01..57P03). */
    static boolean isConnectionLost(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    static String message(Throwable e) {
        SQLException sql = sqlCause(e);
        return (sql == null ? String.valueOf(e.getMessage()) : sql.getMessage()).lines().findFirst().orElse("");
    }
}
