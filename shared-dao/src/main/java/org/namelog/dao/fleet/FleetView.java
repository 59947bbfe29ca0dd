package org.namelog.dao.fleet;

import java.util.List;
import org.namelog.dao.flag.Phase;

/**
 * The fleet as the {@link PhaseGate} sees it under its lock on the phase row, handed to the
 * {@link Prerequisites} of a move.
 *
 * @param phase the fleet's phase
 * @param epoch the phase history's sequence number: one more on every phase change
 * @param textAuthoritative whether {@code namelog.name} holds every entry's name (false from the
 *     moment the fleet enters a phase that does not write it, until a reverse backfill restores it)
 * @param live the live instances (see {@link FleetInstance#live()}), stale ones included
 */
public record FleetView(Phase phase, long epoch, boolean textAuthoritative, List<FleetInstance> live) {

    public FleetView {
        live = List.copyOf(live);
    }
}
