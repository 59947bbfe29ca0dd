package org.namelog.migration.step;

import java.util.List;

/**
 * One schema operation, after pgroll's model: {@link #start()} expands, {@link #complete()}
 * finishes it (validate or contract), {@link #rollback()} undoes the start. Each returns the
 * actions it needs; {@link StepRunner} runs them in order, skipping those already done.
 */
public interface Step {

    /** Stable id, prefix of the action ids. */
    String id();

    List<Action> start();

    List<Action> complete();

    /** Undoes {@link #start()} (and whatever {@link #complete()} did on top of it). */
    List<Action> rollback();

    /** Undoes only {@link #complete()}, leaving the started state (used to go back from VALIDATED). */
    default List<Action> rollbackComplete() {
        return List.of();
    }
}
