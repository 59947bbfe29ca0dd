package org.namelog.dao.fleet;

import java.util.Objects;
import java.util.function.Supplier;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, at every read of the phase, which paths a {@link DatabaseFlagSource} uses under its read
 * pin: the fixed one of {@link FlagSourceConfig#readPin()}, or the one its
 * {@link FlagSourceConfig#readPinSource()} answers now (a team's flag system).
 *
 * <p>Both kinds obey {@link ReadPin}'s rules: a pin only ever holds reads back, and once the fleet
 * reached {@link Phase#NEW_ONLY} it is released for the rest of the instance's life. A pin that
 * changes at run time obeys one more: on {@link Phase#READ_NEW}, an instance that reads through
 * {@code name_id} does not start holding back, because the gate may already have counted its
 * heartbeat as reading {@code NEW} to enter {@code NEW_ONLY}, whose rows carry no text. Pin it on
 * {@code DUAL_WRITE} (or earlier) and the pin is kept through {@code READ_NEW}, where it blocks
 * {@code NEW_ONLY} until it is released.
 *
 * <p>Called only by the source's polling thread (and once at start).
 */
final class ReadPins {

    private static final Logger log = LoggerFactory.getLogger(ReadPins.class);

    private final ReadPin fixed;
    private final Supplier<ReadPin> source;
    private boolean released;
    private ReadPin lastRefused;

    ReadPins(FlagSourceConfig config) {
        this.fixed = config.readPin();
        this.source = config.readPinSource();
    }

    /** The paths for {@code phase}, given the paths used until now ({@code null} at start). */
    Paths pathsFor(Phase phase, Paths before) {
        ReadPin asked = asked();
        if (!released && asked != ReadPin.NONE && !asked.allowedIn(phase)) {
            released = true;
            log.warn("the fleet entered {}, where read pin {} is never correct: following the fleet's paths"
                    + " from now on (restart without the pin)", phase, asked);
        }
        if (released) {
            return phase.paths();
        }
        Paths pinned = asked.pathsFor(phase);
        boolean engages = source != null && phase == Phase.READ_NEW && pinned.read() != ReadPath.NEW
                && (before == null || before.read() == ReadPath.NEW);
        if (engages) {
            if (asked != lastRefused) {
                log.warn("read pin {} from the flag system is not applied on READ_NEW by an instance that already"
                        + " reads through name_id (the gate may be entering NEW_ONLY on its word): pin on"
                        + " DUAL_WRITE, or go back to it first", asked);
                lastRefused = asked;
            }
            return phase.paths();
        }
        lastRefused = null;
        return pinned;
    }

    private ReadPin asked() {
        if (source == null) {
            return fixed;
        }
        try {
            return Objects.requireNonNullElse(source.get(), ReadPin.NONE);
        } catch (RuntimeException e) {
            // following the fleet is always correct; a pin is only ever a precaution
            log.warn("the read pin source failed ({}): following the fleet's paths", e.toString());
            return ReadPin.NONE;
        }
    }
}
