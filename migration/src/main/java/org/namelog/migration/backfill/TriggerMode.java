package org.namelog.migration.backfill;

/** How a backfill batch keeps the BEFORE UPDATE trigger from refreshing {@code "timestamp"}. */
public enum TriggerMode {
    /** Try {@link #REPLICA}; where the role may not set it, use {@link #GUC}. */
    AUTO,
    /**
     * {@code SET LOCAL session_replication_role = replica}: no ordinary trigger fires in the
     * batch (needs superuser, or on PostgreSQL 15+ a grant of SET on that parameter). It also
     * skips foreign-key checks, which is why {@code validate} validates the key afterwards.
     */
    REPLICA,
    /**
     * The trigger function is replaced by one that keeps the old {@code "timestamp"} when the
     * transaction has {@code SET LOCAL namelog.preserve_timestamp = 'on'}; the batch sets it.
     * Needs only ownership of the function.
     */
    GUC
}
