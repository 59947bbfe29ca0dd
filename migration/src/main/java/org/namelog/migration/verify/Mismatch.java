package org.namelog.migration.verify;

/**
 * A row that is wrong after the backfill.
 *
 * @param id the namelog id (for a duplicate Name: the Name id)
 * @param problem what is wrong with it
 */
public record Mismatch(long id, String problem) {
}
