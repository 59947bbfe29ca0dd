package org.namelog.migration.ddl;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.namelog.dao.internal.Failures;
import org.namelog.migration.Database;
import org.namelog.migration.Durations;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;
import org.namelog.migration.Redaction;

/**
 * Runs schema statements so that live traffic never queues behind them: each attempt waits for
 * its lock at most {@link DdlSettings#lockTimeout()}, then gives up and is retried after an
 * exponentially growing, jittered pause (Resilience4j). Such a statement runs in a transaction
 * with {@code SET LOCAL lock_timeout}. A statement with CONCURRENTLY is the exception: its lock
 * blocks no reads or writes, so it runs in auto-commit mode on its own connection without a lock
 * timeout, and the sessions it waits for are named while it waits ({@link ConcurrentStatement}).
 */
public final class DdlExecutor {

    private final Database database;
    private final DdlSettings settings;
    private final PrintStream out;
    private final Consumer<String> onLockTimeout;

    /**
     * @param onLockTimeout told the statement id on each lock timeout (the history records it)
     */
    public DdlExecutor(Database database, DdlSettings settings, PrintStream out, Consumer<String> onLockTimeout) {
        this.database = database;
        this.settings = settings;
        this.out = out;
        this.onLockTimeout = onLockTimeout;
    }

    public DdlSettings settings() {
        return settings;
    }

    /** One attempt of a schema change; throws {@link SQLException} as the database did. */
    @FunctionalInterface
    public interface Attempt {
        void run(DdlExecutor executor) throws SQLException;
    }

    /**
     * Runs {@code attempt} until it succeeds, retrying on lock timeouts.
     *
     * @throws MigrationException {@link ExitCode#LOCK_TIMEOUT_RETRIES_EXHAUSTED} when every retry timed out
     */
    public void withRetry(String id, Attempt attempt) {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.maxRetries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                        settings.maxBackoff()))
                .retryOnException(DdlExecutor::isLockTimeout)
                .build();
        Retry retry = Retry.of(id, config);
        retry.getEventPublisher().onRetry(event -> {
            onLockTimeout.accept(id);
            out.println("  lock timeout (" + Durations.format(settings.lockTimeout()) + ") on " + id + ": attempt "
                    + event.getNumberOfRetryAttempts() + " of " + settings.maxRetries()
                    + " retries in " + event.getWaitInterval().toMillis() + "ms");
        });
        try {
            Retry.decorateCheckedRunnable(retry, () -> {
                try {
                    attempt.run(this);
                } catch (SQLException e) {
                    throw new StatementFailure(e);
                }
            }).run();
        } catch (StatementFailure e) {
            if (isLockTimeout(e)) {
                onLockTimeout.accept(id);
                throw new MigrationException(ExitCode.LOCK_TIMEOUT_RETRIES_EXHAUSTED, id + " could not get its lock within "
                        + Durations.format(settings.lockTimeout()) + " in " + (settings.maxRetries() + 1)
                        + " attempts: find the long transaction on namelog (pg_stat_activity), let it finish, and run again"
                        + " (or raise --max-ddl-retries)", e.getCause());
            }
            throw new MigrationException(ExitCode.UNEXPECTED, id + " failed: " + Redaction.redact(e.getCause().getMessage()),
                    e.getCause());
        } catch (MigrationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new MigrationException(ExitCode.UNEXPECTED, id + " failed: " + e, e);
        }
    }

    /**
     * Runs {@code sql} once: in a transaction under SET LOCAL lock_timeout, or (CONCURRENTLY) in
     * auto-commit mode without a lock timeout, naming whoever it waits for once it has waited
     * longer than the lock timeout.
     */
    public void executeOnce(String sql, boolean outsideTransaction) throws SQLException {
        if (outsideTransaction) {
            new ConcurrentStatement(database, settings.lockTimeout(), out).run(sql);
            return;
        }
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                setTimeout(c, true);
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void setTimeout(Connection c, boolean local) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, ?)")) {
            ps.setString(1, settings.lockTimeout().toMillis() + "ms");
            ps.setBoolean(2, local);
            ps.execute();
        }
    }

    /**
     * A lock timeout, a deadlock or a serialization failure: the server rolled the statement back
     * before it took effect, so another attempt is safe. The SQLSTATEs live in the DAO's one list.
     */
    static boolean isLockTimeout(Throwable e) {
        return Failures.isRolledBackTransient(e);
    }

    /** Carries a checked SQLException through the retry. */
    private static final class StatementFailure extends RuntimeException {
        StatementFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
