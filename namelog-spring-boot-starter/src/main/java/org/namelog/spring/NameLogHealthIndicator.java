package org.namelog.spring;

import org.namelog.dao.fleet.FlagState;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code namelog} in {@code /actuator/health}: the phase this instance follows, the paths it uses
 * and whether it can still read the phase. DOWN when it cannot (it keeps its last paths until its
 * lease runs out, then refuses every call), so that a load balancer takes it out of rotation.
 */
public class NameLogHealthIndicator implements HealthIndicator {

    private final FleetMembership fleet;

    public NameLogHealthIndicator(FleetMembership fleet) {
        this.fleet = fleet;
    }

    @Override
    public Health health() {
        FlagState state = fleet.state();
        boolean serving = fleet.serving();
        Health.Builder health = state.stale() || !serving ? Health.down() : Health.up();
        if (!serving) {
            health.withDetail("reason", "this instance refuses every call: its lease ran out, or its phase follower"
                    + " or heartbeat stopped");
        } else if (state.stale()) {
            health.withDetail("reason", "the fleet's phase cannot be read; keeping the paths of " + state.phase()
                    + " until the lease runs out");
        }
        return health
                .withDetail("phase", state.phase().name())
                .withDetail("readPath", state.paths().read().name())
                .withDetail("writePath", state.paths().write().name())
                .withDetail("nameColumn", state.paths().nameColumn().name())
                .withDetail("stale", state.stale())
                .withDetail("serving", serving)
                .withDetail("leaseMs", fleet.config().lease().toMillis())
                .withDetail("phaseReadAt", state.lastRead().toString())
                .withDetail("instanceId", fleet.identity().instanceId())
                .build();
    }
}
