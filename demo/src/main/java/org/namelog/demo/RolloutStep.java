package org.namelog.demo;

import java.util.List;

/**
 * One command of the rollout, as the operator types it.
 *
 * @param label what the step does, for the report
 * @param phaseAfter the fleet's phase once the step is done (for the per-phase figures)
 * @param args the {@code namelog-migrate} arguments after the connection options
 */
public record RolloutStep(String label, String phaseAfter, List<String> args) {

    public static RolloutStep of(String label, String phaseAfter, String... args) {
        return new RolloutStep(label, phaseAfter, List.of(args));
    }

    /** The command line an operator would type. */
    public String commandLine() {
        return "namelog-migrate " + String.join(" ", args);
    }
}
