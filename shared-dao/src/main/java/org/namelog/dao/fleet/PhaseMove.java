package org.namelog.dao.fleet;

import java.util.Objects;
import org.namelog.dao.flag.Phase;

/**
 * A move of the fleet between two neighbouring phases, as the {@link PhaseGate} asks its
 * {@link Prerequisites} about it.
 *
 * @param from the fleet's phase now
 * @param to the neighbouring phase it would move to
 */
public record PhaseMove(Phase from, Phase to) {

    public PhaseMove {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (Math.abs(from.ordinal() - to.ordinal()) != 1) {
            throw new IllegalArgumentException("a move goes to a neighbouring phase, not from " + from + " to " + to);
        }
    }

    /** Whether it goes towards {@link Phase#CONTRACTED}. */
    public boolean forward() {
        return to.ordinal() > from.ordinal();
    }

    @Override
    public String toString() {
        return (forward() ? "advance " : "back ") + from + " -> " + to;
    }
}
