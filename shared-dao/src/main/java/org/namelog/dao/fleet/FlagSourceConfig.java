package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link DatabaseFlagSource} follows the fleet's phase. Immutable; validated when built.
 *
 * @param pollInterval how often the phase is read (and the heartbeat written); at least 10 ms
 * @param readPin this service's read pin, {@link ReadPin#NONE} for none
 * @param readPinSource if not {@code null}, asked for the read pin at every read of the phase instead
 *     of {@code readPin} (a team's flag system); must answer fast and never block. Such a pin is
 *     bounded by the same rules (see {@code ReadPins}), and reported in the heartbeat as the read path
 */
public record FlagSourceConfig(Duration pollInterval, ReadPin readPin, Supplier<ReadPin> readPinSource) {

    public FlagSourceConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(readPin, "readPin");
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 10ms but was " + pollInterval);
        }
    }

    public FlagSourceConfig(Duration pollInterval, ReadPin readPin) {
        this(pollInterval, readPin, null);
    }

    /** Poll every second, no pin. */
    public static FlagSourceConfig defaults() {
        return new FlagSourceConfig(Duration.ofSeconds(1), ReadPin.NONE);
    }

    public FlagSourceConfig withPollInterval(Duration interval) {
        return new FlagSourceConfig(interval, readPin, readPinSource);
    }

    public FlagSourceConfig withReadPin(ReadPin pin) {
        return new FlagSourceConfig(pollInterval, pin, readPinSource);
    }

    /** Asks {@code source} for the read pin at every read of the phase (see {@link #readPinSource()}). */
    public FlagSourceConfig withReadPinSource(Supplier<ReadPin> source) {
        return new FlagSourceConfig(pollInterval, readPin, Objects.requireNonNull(source, "source"));
    }
}
