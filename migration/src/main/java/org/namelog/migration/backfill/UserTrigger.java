package org.namelog.migration.backfill;

/**
 * A trigger on namelog that is not the database's own (foreign keys).
 *
 * @param beforeUpdateRow a BEFORE UPDATE ... FOR EACH ROW trigger
 * @param setsTimestamp its function assigns {@code NEW."timestamp"}
 */
record UserTrigger(String name, String function, boolean beforeUpdateRow, boolean setsTimestamp, boolean enabled) {

    @Override
    public String toString() {
        return name + " (" + function + ")";
    }
}
