package org.namelog.migration.rollout;

import java.util.List;
import java.util.Objects;

/**
 * One row of the {@link TransitionTable}.
 *
 * @param move the move
 * @param preconditions checked in order before it runs; all unmet ones are reported together
 * @param actions what it does, in order, one line each
 * @param invalidates what is no longer trusted after it, and why
 */
public record Transition(Move move, List<Precondition> preconditions, List<String> actions,
        List<String> invalidates) {

    public Transition {
        Objects.requireNonNull(move, "move");
        preconditions = List.copyOf(preconditions);
        actions = List.copyOf(actions);
        invalidates = List.copyOf(invalidates);
    }

    /** Every unmet precondition, each one line saying what to do; empty if the move may run. */
    public List<String> unmet(RolloutFacts facts) {
        return preconditions.stream().flatMap(p -> p.unmet(facts).stream()).toList();
    }
}
