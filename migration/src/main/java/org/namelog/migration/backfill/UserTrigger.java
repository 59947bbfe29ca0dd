package org.namelog.migration.backfill;

/**
 * A trigger on namelog that is not the database's own (foreign keys).
 *
 * @param beforeUpdateRow a BEFORE UPDATE ... FOR EACH ROW trigger
 * @param setsTimestamp its function assigns {@code NEW."timestamp"}
 * @param firing {@code pg_trigger.tgenabled}: O fires in ordinary sessions only (the default), A
 *     always, R only where {@code session_replication_role = replica}, D never
 */
record UserTrigger(String name, String function, boolean beforeUpdateRow, boolean setsTimestamp, String firing) {

    boolean enabled() {
        return !"D".equals(firing);
    }

    /** Whether it fires in a session with {@code session_replication_role = replica}. */
    boolean firesInReplica() {
        return "A".equals(firing) || "R".equals(firing);
    }

    /** Whether it fires in an ordinary session. */
    boolean firesInOrigin() {
        return "O".equals(firing) || "A".equals(firing);
    }

    /** The trigger that keeps "timestamp" current: what the backfill must keep from firing. */
    boolean isTimestampTrigger() {
        return beforeUpdateRow && setsTimestamp;
    }

    @Override
    public String toString() {
        return name + " (" + function + ")";
    }
}
