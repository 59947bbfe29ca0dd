package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link DatabaseFlagSource} follows the fleet's phase. Immutable; validated when built.
 *
 * @param pollInterval how often the phase is read (and the heartbeat written); at least 10 ms
 * @param lease how long the instance may serve after its last confirmed phase read (and
 *     heartbeat, when one runs): past it, every DAO call is refused with
 *     {@code DatabaseUnavailableException} until the phase is read again. At least twice the poll
 *     interval, so that one slow poll does not stop the instance. Written into the heartbeat row
 *     ({@code namelog_instances.lease_ms}): the gate counts an instance as gone only once this
 *     much (or its TTL, if longer) has passed since its last heartbeat
 * @param readPin this service's read pin, {@link ReadPin#NONE} for none
 * @param readPinSource if not {@code null}, asked for the read pin at every read of the phase instead
 *     of {@code readPin} (a team's flag system); must answer fast and never block. Such a pin is
 *     bounded by the same rules (see {@code ReadPins}), and reported in the heartbeat as the read path
 */
public record FlagSourceConfig(Duration pollInterval, Duration lease, ReadPin readPin,
        Supplier<ReadPin> readPinSource) {

    /** The shortest default lease: a few seconds ride out a GC pause or a slow round trip. */
    static final Duration MIN_DEFAULT_LEASE = Duration.ofSeconds(3);

    public FlagSourceConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(readPin, "readPin");
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 10ms but was " + pollInterval);
        }
        if (lease.compareTo(pollInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("lease must be at least twice the poll interval (" + pollInterval
                    + ") but was " + lease);
        }
    }

    /** A fixed read pin (no {@code readPinSource}). */
    public FlagSourceConfig(Duration pollInterval, Duration lease, ReadPin readPin) {
        this(pollInterval, lease, readPin, null);
    }

    /** With the {@linkplain #defaultLease(Duration) default lease} of this poll interval. */
    public FlagSourceConfig(Duration pollInterval, ReadPin readPin) {
        this(pollInterval, defaultLease(Objects.requireNonNull(pollInterval, "pollInterval")), readPin);
    }

    /** Poll every second, a 3 s lease, no pin. */
    public static FlagSourceConfig defaults() {
        return new FlagSourceConfig(Duration.ofSeconds(1), ReadPin.NONE);
    }

    /** Three poll intervals, and at least 3 s: well below the gate's default instance TTL of 10 s. */
    public static Duration defaultLease(Duration pollInterval) {
        Duration threePolls = pollInterval.multipliedBy(3);
        return threePolls.compareTo(MIN_DEFAULT_LEASE) > 0 ? threePolls : MIN_DEFAULT_LEASE;
    }

    /** Another poll interval, with the default lease of that interval. */
    public FlagSourceConfig withPollInterval(Duration interval) {
        return new FlagSourceConfig(interval, defaultLease(Objects.requireNonNull(interval, "interval")), readPin,
                readPinSource);
    }

    public FlagSourceConfig withLease(Duration newLease) {
        return new FlagSourceConfig(pollInterval, newLease, readPin, readPinSource);
    }

    public FlagSourceConfig withReadPin(ReadPin pin) {
        return new FlagSourceConfig(pollInterval, lease, pin, readPinSource);
    }

    /** Asks {@code source} for the read pin at every read of the phase (see {@link #readPinSource()}). */
    public FlagSourceConfig withReadPinSource(Supplier<ReadPin> source) {
        return new FlagSourceConfig(pollInterval, lease, readPin, Objects.requireNonNull(source, "source"));
    }
}
