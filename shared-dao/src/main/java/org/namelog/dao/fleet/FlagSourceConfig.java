package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DatabaseFlagSource} follows the fleet's phase. Immutable; validated when built.
 *
 * @param pollInterval how often the phase is read (and the heartbeat written); at least 10 ms
 * @param readPin this service's read pin, {@link ReadPin#NONE} for none
 */
public record FlagSourceConfig(Duration pollInterval, ReadPin readPin) {

    public FlagSourceConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(readPin, "readPin");
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 10ms but was " + pollInterval);
        }
    }

    /** Poll every second, no pin. */
    public static FlagSourceConfig defaults() {
        return new FlagSourceConfig(Duration.ofSeconds(1), ReadPin.NONE);
    }

    public FlagSourceConfig withPollInterval(Duration interval) {
        return new FlagSourceConfig(interval, readPin);
    }

    public FlagSourceConfig withReadPin(ReadPin pin) {
        return new FlagSourceConfig(pollInterval, pin);
    }
}
