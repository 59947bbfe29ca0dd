package org.namelog.migration.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.postgresql.PGConnection;
import org.namelog.migration.Database;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;
import org.namelog.migration.state.MyBatis;

/**
 * A connection of the backfill's own, in auto-commit mode: each batch is one statement, so one
 * round trip and one transaction. Its settings are made once, at the session level, which is safe
 * because nobody else ever borrows this connection (it is closed after the run).
 */
final class BatchSession implements AutoCloseable {

    private final Connection connection;

    private BatchSession(Connection connection) {
        this.connection = connection;
    }

    /** A plain session (checks, polls): no timeouts beyond the lock timeout, triggers as usual. */
    static BatchSession plain(Database database, BackfillSettings settings) {
        BatchSession session = new BatchSession(database.connect());
        session.call(m -> m.setSession("lock_timeout", settings.lockTimeout().toMillis() + "ms"));
        return session;
    }

    /**
     * A session for batches: lock and statement timeouts, custom plans, and the trigger suppression
     * of {@code mode}. A generic plan of a batch cannot use its id range (one was measured at 91 s),
     * so the driver never server-prepares the batch statements (each is planned with its values).
     * Not {@code plan_cache_mode = force_custom_plan}: that would also re-plan, for every row, the
     * cached queries of the foreign-key check and of the triggers' PL/pgSQL.
     */
    static BatchSession forBatches(Database database, BackfillSettings settings, TriggerMode mode) {
        BatchSession session = plain(database, settings);
        try {
            session.connection.unwrap(PGConnection.class).setPrepareThreshold(0);
            session.call(m -> {
                m.setSession("statement_timeout", settings.statementTimeout().toMillis() + "ms");
                // A batch that waits for a row another transaction holds keeps every row it changed
                // locked meanwhile, and the writers of those rows wait with it (a 40 s holder made
                // them wait the whole 2 s lock timeout, again on each retry): it gives up as soon as
                // a writer would have waited half of --max-writer-wait, and retries smaller.
                m.setSession("lock_timeout", batchLockTimeout(settings).toMillis() + "ms");
                // A merge join sorts all of name for every batch (measured: 11 ms of a 5,000-row batch's
                // 50 ms); a hash join or the hash index on name.value finds the same rows without.
                m.setSession("enable_mergejoin", "off");
                if (mode == TriggerMode.REPLICA) {
                    m.setSession("session_replication_role", "replica");
                } else if (mode == TriggerMode.GUC) {
                    m.setSession(TriggerGuard.SETTING, "on");
                }
                return null;
            });
            return session;
        } catch (SQLException e) {
            session.close();
            throw new MigrationException(ExitCode.UNEXPECTED, "backfill connection failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The server process of this session (to see who waits on its locks). */
    int pid() {
        return call(BackfillMapper::backendPid);
    }

    static Duration batchLockTimeout(BackfillSettings settings) {
        Duration bound = settings.writerBound();
        return bound.compareTo(settings.lockTimeout()) < 0 ? bound : settings.lockTimeout();
    }

    /** Runs {@code work} in auto-commit mode: each statement commits on its own. */
    <T> T call(Function<BackfillMapper, T> work) {
        try (SqlSession session = MyBatis.on(connection)) {
            return work.apply(session.getMapper(BackfillMapper.class));
        }
    }

    /** Runs {@code work} in one transaction that is committed. */
    <T> T committed(Function<BackfillMapper, T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = call(work);
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "backfill connection failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction that is rolled back (the estimate's samples). */
    <T> T rolledBack(Function<BackfillMapper, T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                return call(work);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "backfill connection failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a session of our own: nothing is left open on it
        }
    }
}
