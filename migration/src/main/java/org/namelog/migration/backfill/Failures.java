package org.namelog.migration.backfill;

import java.sql.SQLException;

/**
 * What a failed batch statement means for the backfill. The SQLSTATE classification itself lives
 * once, in shared-dao's {@code Failures} (the DAO, the DDL executor and the backfill agree on it);
 * this class only says which classes the backfill treats alike.
 */
final class Failures {

    private Failures() {
    }

    static SQLException sqlCause(Throwable e) {
        return org.namelog.dao.internal.Failures.sqlCause(e);
    }

    static String sqlState(Throwable e) {
        return org.namelog.dao.internal.Failures.sqlState(e);
    }

    /**
     * A timeout or a conflict that a smaller batch, a moment later, may not meet: the statement
     * timeout, a lock timeout, a deadlock or a serialization failure (all rolled back by the server).
     */
    static boolean isTransient(Throwable e) {
        return org.namelog.dao.internal.Failures.isRolledBackTransient(e)
                || org.namelog.dao.internal.Failures.isStatementTimeout(e);
    }

    /** The connection broke or the server is going away (class 08, 57P01..57P03). */
    static boolean isConnectionLost(Throwable e) {
        return org.namelog.dao.internal.Failures.isConnectionFailure(e);
    }

    static String message(Throwable e) {
        SQLException sql = sqlCause(e);
        return (sql == null ? String.valueOf(e.getMessage()) : sql.getMessage()).lines().findFirst().orElse("");
    }
}
