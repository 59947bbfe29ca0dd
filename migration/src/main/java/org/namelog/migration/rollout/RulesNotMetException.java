package org.namelog.migration.rollout;

import java.util.List;
import org.namelog.migration.MigrationException;

/** A move was refused: some of its preconditions do not hold. Nothing was changed. */
public final class RulesNotMetException extends MigrationException {

    private final Move move;
    private final List<String> unmet;

    RulesNotMetException(Move move, List<String> unmet) {
        super(move.command() + " refused: " + String.join("; ", unmet), null);
        this.move = move;
        this.unmet = List.copyOf(unmet);
    }

    public Move move() {
        return move;
    }

    /** Each unmet precondition, one line saying what to do. */
    public List<String> unmet() {
        return unmet;
    }
}
