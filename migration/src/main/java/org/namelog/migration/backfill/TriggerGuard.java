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
 * <p>{@link TriggerMode#REPLICA}: checks that nothing but the timestamp trigger (and the
 * foreign-key checks, re-made after the run) would be switched off or start firing, and that the
 * role may set {@code session_replication_role}. {@link TriggerMode#AUTO} takes replica when
 * those checks pass and the guard otherwise.
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

    /**
     * Chooses the mode the backfill's sessions run in ({@code --trigger-mode}, read against the
     * catalogs) and makes it safe: installs the guard for {@link TriggerMode#GUC}. Refuses with
     * what to do when the mode asked for cannot be used.
     *
     * @return {@link TriggerMode#GUC} or {@link TriggerMode#REPLICA}, never AUTO
     */
    TriggerMode install() {
        try (BatchSession session = BatchSession.plain(database, settings)) {
            List<String> rules = session.call(BackfillMapper::rulesInTheWay);
            if (!rules.isEmpty()) {
                throw MigrationException.prerequisite("the backfill cannot run beside the rule(s) " + String.join(", ", rules)
                        + ": its batches update namelog and insert into name inside WITH, which PostgreSQL refuses"
                        + " for tables with such rules, and replica would switch them off silently; turn the rule into"
                        + " a trigger (the backfill keeps triggers firing), or drop it for the backfill");
            }
            if (choose(session) == TriggerMode.REPLICA) {
                if (session.call(BackfillMapper::guardTriggerExists)) {
                    remove(); // a killed guc run left its guard behind
                }
                return TriggerMode.REPLICA;
            }
            List<UserTrigger> after = session.call(BackfillMapper::userTriggers).stream()
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
        return TriggerMode.GUC;
    }

    /**
     * The mode a backfill would choose, installing nothing and printing nothing (the estimate's
     * samples run in it). An explicit replica that would be refused reads as GUC here.
     */
    TriggerMode chooseQuietly() {
        try (BatchSession session = BatchSession.plain(database, settings)) {
            return settings.triggerMode() == TriggerMode.GUC || replicaRefusal(session) != null
                    ? TriggerMode.GUC : TriggerMode.REPLICA;
        }
    }

    private TriggerMode choose(BatchSession session) {
        switch (settings.triggerMode()) {
            case GUC:
                return TriggerMode.GUC;
            case REPLICA: {
                String refusal = replicaRefusal(session);
                if (refusal != null) {
                    throw MigrationException.prerequisite("--trigger-mode replica " + refusal
                            + "; use --trigger-mode guc, which keeps every other trigger firing");
                }
                out.println("trigger: session_replication_role = replica in the backfill's sessions (asked for):"
                        + " no trigger fires there, foreign-key checks included; the foreign key is checked after"
                        + " the run");
                return TriggerMode.REPLICA;
            }
            default: {
                String refusal = replicaRefusal(session);
                if (refusal == null) {
                    out.println("trigger: session_replication_role = replica in the backfill's sessions"
                            + " (--trigger-mode auto: it switches off only the timestamp trigger there, and the"
                            + " foreign-key checks, which the run makes after the last batch instead); nothing"
                            + " changes for any other session");
                    return TriggerMode.REPLICA;
                }
                out.println("trigger: --trigger-mode auto uses the guard, because replica " + refusal);
                return TriggerMode.GUC;
            }
        }
    }

    /**
     * Why {@code session_replication_role = replica} would change more than the timestamp trigger
     * and the foreign-key checks in the backfill's sessions, or null when it would not. Triggers
     * enabled as usual (O) do not fire there; ALWAYS (A) ones do; REPLICA (R) ones fire only there.
     */
    private String replicaRefusal(BatchSession session) {
        List<UserTrigger> triggers = session.call(BackfillMapper::userTriggers).stream()
                .filter(t -> !t.name().equals(TRIGGER))
                .toList();
        List<UserTrigger> switchedOff = triggers.stream()
                .filter(t -> t.firesInOrigin() && !t.firesInReplica() && !t.isTimestampTrigger())
                .toList();
        if (!switchedOff.isEmpty()) {
            return "would switch off every trigger on namelog in the backfill's sessions, and these are not the"
                    + " timestamp trigger: " + names(switchedOff);
        }
        List<UserTrigger> stillFiring = triggers.stream().filter(t -> t.isTimestampTrigger() && t.firesInReplica()).toList();
        if (!stillFiring.isEmpty()) {
            return "would not keep \"timestamp\": " + names(stillFiring) + " is enabled ALWAYS or REPLICA, so it fires"
                    + " in replica sessions too";
        }
        List<UserTrigger> replicaOnly = triggers.stream().filter(t -> t.firesInReplica() && !t.firesInOrigin()).toList();
        if (!replicaOnly.isEmpty()) {
            return "would make these triggers on namelog fire, which ordinary sessions never fire (ENABLE REPLICA): "
                    + names(replicaOnly);
        }
        List<String> onName = session.call(BackfillMapper::nameTableTriggers);
        if (!onName.isEmpty()) {
            return "would change which triggers on name fire when the backfill inserts names: "
                    + String.join(", ", onName);
        }
        try {
            session.rolledBack(m -> m.setLocal("session_replication_role", "replica"));
        } catch (RuntimeException e) {
            if ("42501".equals(Failures.sqlState(e))) {
                return "may not be set by user " + database.settings().user() + " (needs superuser, or on PostgreSQL"
                        + " 15+ GRANT SET ON PARAMETER session_replication_role)";
            }
            throw e;
        }
        return null;
    }

    private static String names(List<UserTrigger> triggers) {
        return triggers.stream().map(UserTrigger::toString).collect(Collectors.joining(", "));
    }

    /** Trigger names compare as PostgreSQL's {@code name} type does: byte by byte. */
    static boolean firesAfterGuard(String name) {
        return java.util.Arrays.compareUnsigned(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TRIGGER.getBytes(java.nio.charset.StandardCharsets.UTF_8)) > 0;
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
