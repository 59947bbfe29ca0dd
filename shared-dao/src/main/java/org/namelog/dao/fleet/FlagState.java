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
 * @param stale whether its latest attempt to read the phase failed (it keeps these paths)
 * @param lastRead when it last read the phase successfully
 */
public record FlagState(Phase phase, Paths paths, boolean stale, Instant lastRead) {

    public FlagState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(lastRead, "lastRead");
    }
}
