package org.namelog.migration.state;

/**
 * The row of {@code namelog_migration_phase}.
 *
 * @param phase the fleet's phase (a {@code Phase} name)
 * @param epoch one more on every phase change
 * @param textAuthoritative whether {@code namelog.name} holds every entry's name
 */
public record PhaseRow(String phase, long epoch, boolean textAuthoritative) {
}
