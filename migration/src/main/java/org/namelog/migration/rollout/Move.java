package org.namelog.migration.rollout;

import java.util.List;
import java.util.Optional;
import org.namelog.dao.fleet.PhaseMove;
import org.namelog.dao.flag.Phase;

/**
 * Every move of the rollout: the phase moves between neighbouring phases, and the schema and
 * data commands. Each has one row in the {@link TransitionTable}. Declared in runbook order: the
 * way forward, then the way back.
 */
public enum Move {
    EXPAND("expand"),
    ADVANCE_TO_DUAL_WRITE("advance --to DUAL_WRITE", Phase.LEGACY, Phase.DUAL_WRITE),
    BACKFILL("backfill"),
    VERIFY("verify"),
    VALIDATE("validate"),
    ADVANCE_TO_READ_NEW("advance --to READ_NEW", Phase.DUAL_WRITE, Phase.READ_NEW),
    ADVANCE_TO_NEW_ONLY("advance --to NEW_ONLY", Phase.READ_NEW, Phase.NEW_ONLY),
    ADVANCE_TO_CONTRACTED("advance --to CONTRACTED", Phase.NEW_ONLY, Phase.CONTRACTED),
    CONTRACT("contract --yes"),
    BACK_TO_NEW_ONLY("back --to NEW_ONLY", Phase.CONTRACTED, Phase.NEW_ONLY),
    BACK_TO_READ_NEW("back --to READ_NEW", Phase.NEW_ONLY, Phase.READ_NEW),
    REVERSE_BACKFILL("rollback (its reverse backfill, at READ_NEW)"),
    ROLLBACK_VALIDATE("rollback (from VALIDATED)"),
    BACK_TO_DUAL_WRITE("back --to DUAL_WRITE", Phase.READ_NEW, Phase.DUAL_WRITE),
    BACK_TO_LEGACY("back --to LEGACY", Phase.DUAL_WRITE, Phase.LEGACY),
    ROLLBACK_EXPAND("rollback (from EXPANDED)");

    private final String command;
    private final PhaseMove phaseMove;

    Move(String command) {
        this.command = command;
        this.phaseMove = null;
    }

    Move(String command, Phase from, Phase to) {
        this.command = command;
        this.phaseMove = new PhaseMove(from, to);
    }

    /** What the operator types (after {@code namelog-migrate}). */
    public String command() {
        return command;
    }

    /** The arguments the operator types for it (without the connection options). */
    public List<String> arguments() {
        return List.of(command.replaceFirst(" \\(.*\\)$", "").split(" "));
    }

    /** The phase change, for the moves of the fleet; empty for the schema and data commands. */
    public Optional<PhaseMove> phaseMove() {
        return Optional.ofNullable(phaseMove);
    }

    /** The move of the fleet between these neighbouring phases. */
    public static Move of(PhaseMove move) {
        for (Move m : values()) {
            if (move.equals(m.phaseMove)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no move from " + move.from() + " to " + move.to());
    }
}
