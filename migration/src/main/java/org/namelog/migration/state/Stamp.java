package org.namelog.migration.state;

/**
 * What a piece of state was taken under: the fleet's epoch (the phase history's sequence number)
 * and the identity of the {@code name} table. A verification or a backfill checkpoint is trusted
 * only while both are unchanged: a phase change, or a rollback that dropped {@code name}, makes it
 * belong to the past.
 *
 * @param epoch {@code namelog_migration_phase.epoch}
 * @param nameOid {@code to_regclass('name')::oid}, 0 while the table does not exist
 */
public record Stamp(long epoch, long nameOid) {

    @Override
    public String toString() {
        return "epoch " + epoch + (nameOid == 0 ? ", no name table" : ", name table oid " + nameOid);
    }
}
