package org.namelog.migration.backfill;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.namelog.migration.Database;
import org.namelog.migration.MigrationException;
import org.namelog.migration.ddl.DdlExecutor;
import org.namelog.migration.ddl.DdlSettings;

/**
 * Keeps the user's BEFORE UPDATE trigger from changing {@code "timestamp"} in the backfill's
 * sessions, without touching any function of the user's.
 *
 * <p>{@link TriggerMode#GUC}: a trigger of the tool's own, named to fire after every other BEFORE
 * UPDATE row trigger (same-event triggers fire in name order), that puts back the old
 * {@code "timestamp"} only in sessions with {@value #SETTING} = on: the backfill's own. Every
 * other trigger (audit, outbox, CDC) still fires; other sessions see no change at all. Installed
 * before the first batch, removed when the backfill ends.
 *
 * <p>{@link TriggerMode#REPLICA}: checks that nothing but the timestamp trigger would be switched
 * off, and that the role may set {@code session_replication_role}.
 */
final class TriggerGuard {

    /** The session setting the guard trigger's WHEN clause reads. */
    static final String SETTING = "namelog.preserve_timestamp";
    static final String TRIGGER = "zz_namelog_migrate_keep_timestamp";
    static final String FUNCTION = "namelog_migrate_keep_timestamp()";
    private static final String MARK = "namelog-migrate:";

    private final Database database;
    private final BackfillSettings settings;
    private final PrintStream out;

    TriggerGuard(Database database, BackfillSettings settings, PrintStream out) {
        this.database = database;
        this.settings = settings;
        this.out = out;
    }

    /** Makes the mode safe to use, or refuses with what to do. */
    void install() {
        try (BatchSession session = BatchSession.plain(database, settings)) {
            List<UserTrigger> triggers = session.call(BackfillMapper::userTriggers);
            if (settings.triggerMode() == TriggerMode.REPLICA) {
                checkReplica(session, triggers);
                return;
            }
            List<UserTrigger> after = triggers.stream()
                    .filter(t -> t.beforeUpdateRow() && firesAfterGuard(t.name()))
                    .toList();
            if (!after.isEmpty()) {
                throw MigrationException.prerequisite("the trigger " + after.get(0) + " on namelog fires after the"
                        + " backfill's guard " + TRIGGER + " (same-event triggers fire in name order), so \"timestamp\""
                        + " could not be kept: rename it to sort before " + TRIGGER + ", or use --trigger-mode replica");
            }
            String comment = session.call(BackfillMapper::guardFunctionComment);
            if (comment != null && !comment.startsWith(MARK)) {
                throw MigrationException.prerequisite("a function " + FUNCTION + " exists and is not the tool's: the"
                        + " backfill will not replace it; rename it, or use --trigger-mode replica");
            }
        }
        boolean present = call(BackfillMapper::guardTriggerExists);
        ddl().withRetry("backfill.timestamp-guard.install", executor -> inTransaction(m -> {
            m.createGuardFunction();
            m.commentGuardFunction();
            if (!m.guardTriggerExists()) {
                m.createGuardTrigger();
            }
        }));
        out.println("trigger: " + (present ? "kept" : "added") + " " + TRIGGER + " on namelog (fires after every other"
                + " BEFORE UPDATE trigger, and only in the backfill's sessions: it puts back the old \"timestamp\");"
                + " removed when the backfill ends. No function of yours is changed.");
    }

    /** Trigger names compare as PostgreSQL's {@code name} type does: byte by byte. */
    static boolean firesAfterGuard(String name) {
        return java.util.Arrays.compareUnsigned(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TRIGGER.getBytes(java.nio.charset.StandardCharsets.UTF_8)) > 0;
    }

    private void checkReplica(BatchSession session, List<UserTrigger> triggers) {
        List<UserTrigger> others = triggers.stream()
                .filter(t -> t.enabled() && !t.name().equals(TRIGGER) && !(t.beforeUpdateRow() && t.setsTimestamp()))
                .toList();
        if (!others.isEmpty()) {
            throw MigrationException.prerequisite("--trigger-mode replica would switch off every trigger on namelog in"
                    + " the backfill's sessions, and these are not the timestamp trigger: "
                    + others.stream().map(UserTrigger::toString).collect(Collectors.joining(", "))
                    + "; use the default --trigger-mode guc, which keeps them firing");
        }
        try {
            session.rolledBack(m -> m.setLocal("session_replication_role", "replica"));
        } catch (RuntimeException e) {
            if ("42501".equals(Failures.sqlState(e))) {
                throw MigrationException.prerequisite("--trigger-mode replica: user " + database.settings().user()
                        + " may not set session_replication_role (needs superuser, or on PostgreSQL 15+ GRANT SET ON"
                        + " PARAMETER session_replication_role); use the default --trigger-mode guc");
            }
            throw e;
        }
        out.println("trigger: session_replication_role = replica in the backfill's sessions (explicitly asked for):"
                + " no trigger fires there, foreign-key checks included; the foreign key is checked after the run");
    }

    /** Removes the guard trigger and its function if present (idempotent); never a function of the user's. */
    void remove() {
        removeGuard(database, settings.lockTimeout(), settings.maxDdlRetries(), out);
    }

    static void removeGuard(Database database, Duration lockTimeout, int maxRetries, PrintStream out) {
        TriggerGuard guard = new TriggerGuard(database, BackfillSettings.defaults().withLockTimeout(lockTimeout,
                maxRetries), out);
        boolean present = guard.call(BackfillMapper::guardTriggerExists);
        String comment = guard.call(BackfillMapper::guardFunctionComment);
        boolean ours = comment != null && comment.startsWith(MARK);
        if (!present && !ours) {
            return;
        }
        guard.ddl().withRetry("backfill.timestamp-guard.remove", executor -> guard.inTransaction(m -> {
            m.dropGuardTrigger();
            if (ours) {
                m.dropGuardFunction();
            }
        }));
        out.println("trigger: removed " + TRIGGER + " from namelog");
    }

    private <T> T call(java.util.function.Function<BackfillMapper, T> work) {
        try (BatchSession session = BatchSession.plain(database, settings)) {
            return session.call(work);
        }
    }

    /** One attempt: a transaction under SET LOCAL lock_timeout, so writers queue behind it at most that long. */
    private void inTransaction(java.util.function.Consumer<BackfillMapper> work) throws SQLException {
        try (BatchSession session = BatchSession.plain(database, settings)) {
            session.committed(m -> {
                m.setLocal("lock_timeout", settings.lockTimeout().toMillis() + "ms");
                work.accept(m);
                return null;
            });
        } catch (MigrationException e) {
            throw e;
        } catch (RuntimeException e) {
            SQLException sql = Failures.sqlCause(e);
            if (sql != null) {
                throw sql;
            }
            throw e;
        }
    }

    private DdlExecutor ddl() {
        return new DdlExecutor(database, DdlSettings.of(settings.lockTimeout(), settings.maxDdlRetries()), out, id -> {
        });
    }
}
