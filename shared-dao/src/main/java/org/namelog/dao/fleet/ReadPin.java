package org.namelog.dao.fleet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.namelog.dao.flag.NameColumn;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;

/**
 * Keeps one service's reads a step behind the fleet where that is still correct.
 *
 * <p>A pin only applies while the fleet writes both the text and {@code name_id}
 * ({@link Phase#DUAL_WRITE} and {@link Phase#READ_NEW}): there, reading the legacy text
 * ({@link #LEGACY}) or reading both and comparing ({@link #SHADOW}) returns exactly what was
 * written. In {@link Phase#LEGACY} the pin has nothing to hold back. From {@link Phase#NEW_ONLY}
 * on no pin is ever correct (new rows carry no text), so:
 *
 * <ul>
 *   <li>an instance refuses to start pinned while the fleet is already on {@code NEW_ONLY} or later
 *       ({@link DatabaseFlagSource#start});
 *   <li>the {@link PhaseGate} refuses to enter {@code NEW_ONLY} while a live instance still reads
 *       anything but {@code NEW}: unpin those services first;
 *   <li>should the fleet reach {@code NEW_ONLY} anyway, a pinned instance drops its pin for the rest
 *       of its life and follows the fleet (correct reads win over configuration), logging a warning.
 * </ul>
 */
public enum ReadPin {
    /** No pin: read as the fleet's phase says. */
    NONE(null),
    /** Read the legacy text while the fleet writes both columns. */
    LEGACY(ReadPath.LEGACY),
    /** Read both paths and compare them (returning the text) while the fleet writes both columns. */
    SHADOW(ReadPath.SHADOW);

    private final ReadPath read;

    ReadPin(ReadPath read) {
        this.read = read;
    }

    /**
     * The pin named by {@code value} (case-insensitive); blank or {@code null} means {@link #NONE}.
     *
     * @throws IllegalArgumentException for any other value, {@code NEW} included (the fleet's own
     *     read path from {@code READ_NEW} on: there is nothing to pin)
     */
    public static ReadPin parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        for (ReadPin pin : values()) {
            if (pin.name().equals(normalized)) {
                return pin;
            }
        }
        throw new IllegalArgumentException("read pin '" + value + "' is not known: use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
                + " (NEW is what the fleet reads from READ_NEW on, so it is no pin)");
    }

    /** Whether this pin may hold back reads in {@code phase}. */
    public boolean appliesIn(Phase phase) {
        return this != NONE && phase.paths().write() == WritePath.DUAL;
    }

    /** Whether an instance may start with this pin while the fleet is in {@code phase}. */
    public boolean allowedIn(Phase phase) {
        return this == NONE || phase.compareTo(Phase.NEW_ONLY) < 0;
    }

    /** The paths a pinned instance uses in {@code phase}; always legal. */
    public Paths pathsFor(Phase phase) {
        if (!appliesIn(phase)) {
            return phase.paths();
        }
        return new Paths(read, WritePath.DUAL, NameColumn.PRESENT);
    }
}
