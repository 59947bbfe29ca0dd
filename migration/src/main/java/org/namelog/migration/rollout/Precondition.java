package org.namelog.migration.rollout;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One precondition of a move.
 *
 * @param id a stable id (for {@code plan --output json} and tests)
 * @param rule what must hold, one line, as {@code plan} and the README state it
 * @param check the unmet cases given the facts, each one line saying what to do; empty when it holds
 */
public record Precondition(String id, String rule, Function<RolloutFacts, List<String>> check) {

    public Precondition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(check, "check");
    }

    /** The unmet cases (empty when it holds). */
    public List<String> unmet(RolloutFacts facts) {
        return check.apply(facts);
    }
}
