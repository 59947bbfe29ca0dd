package org.namelog.migration.backfill;

/** Ids {@code (firstId, endId]}. */
public record IdRange(long firstId, long endId) {
}
