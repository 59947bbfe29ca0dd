package org.namelog.dao.fleet;

import java.util.List;
import org.namelog.dao.flag.Phase;

/**
 * What the caller of a {@link PhaseGate} knows about the schema and the data, checked before the
 * phase changes: for example that the backfill was verified and the foreign key validated before
 * {@code READ_NEW}, or that the reverse backfill ran before going back to {@code READ_NEW}.
 *
 * <p>The gate checks by itself what the catalog and the heartbeat table tell: that the fleet is
 * together, that {@code name} is nullable before {@code NEW_ONLY}, that no instance pins its reads
 * before {@code NEW_ONLY}, and that every instance is on {@code NEW_ONLY} before {@code CONTRACTED}.
 */
@FunctionalInterface
public interface Prerequisites {

    /** Nothing beyond the gate's own checks. */
    Prerequisites NONE = (from, to) -> List.of();

    /**
     * The unmet prerequisites of moving the fleet from {@code from} to {@code to} (a neighbouring
     * phase, either direction), each as a sentence saying what to do; empty if none.
     */
    List<String> unmet(Phase from, Phase to);
}
