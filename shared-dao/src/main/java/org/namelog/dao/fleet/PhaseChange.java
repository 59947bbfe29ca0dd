package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.List;
import org.namelog.dao.flag.Phase;

/**
 * A completed phase change: every live instance reports {@code to}.
 *
 * @param from the phase before
 * @param to the phase now
 * @param changed false if the fleet phase already was {@code to} and the gate only waited for the fleet
 * @param live the live instances, all on {@code to} (empty if none heartbeats)
 * @param waited how long the fleet took to switch
 */
public record PhaseChange(Phase from, Phase to, boolean changed, List<FleetInstance> live, Duration waited) {

    public PhaseChange {
        live = List.copyOf(live);
    }
}
