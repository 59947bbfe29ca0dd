package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Phase;

/**
 * The phase was set, but some live instances did not report it in time. The phase stays set:
 * run the same command again to keep waiting, or go back.
 */
public final class FleetSwitchTimeoutException extends NameLogDaoException {

    private final Phase target;
    private final List<FleetInstance> stragglers;

    public FleetSwitchTimeoutException(Phase target, Duration timeout, List<FleetInstance> stragglers) {
        super(stragglers.size() + " live instance(s) did not switch to " + target + " within " + timeout
                + " (the phase stays " + target + "; run the command again to keep waiting, or go back):\n  - "
                + stragglers.stream().map(FleetInstance::describe).collect(Collectors.joining("\n  - ")));
        this.target = target;
        this.stragglers = List.copyOf(stragglers);
    }

    public Phase target() {
        return target;
    }

    /** The live instances that still report another phase. */
    public List<FleetInstance> stragglers() {
        return stragglers;
    }
}
