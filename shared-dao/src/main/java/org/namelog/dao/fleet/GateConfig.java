package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PhaseGate} judges the fleet. Immutable; validated when built.
 *
 * @param instanceTtl an instance whose last heartbeat is older than this is not live and no
 *     longer blocks a phase change; keep it several poll intervals long
 * @param checkInterval how often the gate re-reads the heartbeats while it waits
 */
public record GateConfig(Duration instanceTtl, Duration checkInterval) {

    public GateConfig {
        Objects.requireNonNull(instanceTtl, "instanceTtl");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (instanceTtl.isNegative() || instanceTtl.isZero()) {
            throw new IllegalArgumentException("instanceTtl must be positive but was " + instanceTtl);
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive but was " + checkInterval);
        }
    }

    /** A 10 s TTL (ten heartbeats at the default 1 s), re-checked every 200 ms. */
    public static GateConfig defaults() {
        return new GateConfig(Duration.ofSeconds(10), Duration.ofMillis(200));
    }

    public GateConfig withInstanceTtl(Duration ttl) {
        return new GateConfig(ttl, checkInterval);
    }
}
