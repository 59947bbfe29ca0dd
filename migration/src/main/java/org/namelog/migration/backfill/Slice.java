package org.namelog.migration.backfill;

/**
 * One worker's range of ids in the checkpoint table: {@code (firstId, endId]}, handled up to
 * {@code lastId}.
 *
 * @param epoch the fleet epoch it began in
 * @param nameTable the name table's oid it began with
 * @param finished the whole backfill (keyset and sweep) finished
 */
record Slice(int slice, long firstId, long endId, long lastId, boolean keysetDone, long epoch, long nameTable,
        boolean finished) {

    long remaining() {
        return Math.max(0, endId - lastId);
    }
}
