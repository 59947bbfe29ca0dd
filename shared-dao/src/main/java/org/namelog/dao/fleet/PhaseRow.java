package org.namelog.dao.fleet;

/** The row of {@code namelog_migration_phase}, as the gate reads it. */
record PhaseRow(String phase, long epoch, boolean textAuthoritative) {
}
