package org.namelog.dao.fleet;

import java.util.List;

/**
 * The rules of a phase move, checked by the {@link PhaseGate} under its lock on the phase row,
 * before the phase changes. The migration tool passes its transition table here; the gate itself
 * only keeps the fleet one step at a time and decides who counts as live and switched.
 */
@FunctionalInterface
public interface Prerequisites {

    /** No rule beyond the gate's own one-step check. */
    Prerequisites NONE = (move, fleet) -> List.of();

    /**
     * The unmet preconditions of {@code move} given {@code fleet}, each one line saying what to
     * do; empty if the move may happen.
     */
    List<String> unmet(PhaseMove move, FleetView fleet);
}
