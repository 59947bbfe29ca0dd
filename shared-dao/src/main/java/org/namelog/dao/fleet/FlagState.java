package org.namelog.dao.fleet;

import java.time.Instant;
import java.util.Objects;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;

/**
 * What an instance follows right now, as one consistent snapshot.
 *
 * @param phase the fleet phase this instance last read (and follows)
 * @param paths the paths it uses: the phase's, or held back by its read pin
 * @param stale whether its latest attempt to read the phase failed (it keeps these paths, and
 *     refuses calls once its lease has run out)
 * @param lastRead when it last read the phase successfully (wall clock, for people; the lease is
 *     measured on the monotonic clock)
 * @param nameTable the pg_class oid of the {@code name} table seen with that phase, 0 when there was none
 * @param nameTableGeneration moves on each time the {@code name} table's identity changed or the
 *     fleet entered {@code LEGACY}; cached name ids of another generation are never used
 */
public record FlagState(Phase phase, Paths paths, boolean stale, Instant lastRead, long nameTable,
        long nameTableGeneration) {

    public FlagState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(lastRead, "lastRead");
    }

    FlagState asStale() {
        return new FlagState(phase, paths, true, lastRead, nameTable, nameTableGeneration);
    }
}
