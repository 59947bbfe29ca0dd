package org.namelog.dao.fleet;

/**
 * One read of what an instance follows.
 *
 * @param phase the phase name in {@code namelog_migration_phase} ({@code null} if the row is missing)
 * @param nameTable the pg_class oid of the {@code name} table, {@code null} when there is none
 */
record PhaseReading(String phase, Long nameTable) {}
