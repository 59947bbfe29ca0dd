package org.namelog.spring;

import org.namelog.dao.fleet.FlagState;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code namelog} in {@code /actuator/health}: the phase this instance follows, the paths it uses
 * and whether it can still read the phase. DOWN when it cannot (it keeps its last paths and the
 * database is most likely unreachable), so that a load balancer takes it out of rotation.
 */
public class NameLogHealthIndicator implements HealthIndicator {

    private final FleetMembership fleet;

    public NameLogHealthIndicator(FleetMembership fleet) {
        this.fleet = fleet;
    }

    @Override
    public Health health() {
        FlagState state = fleet.state();
        Health.Builder health = state.stale() ? Health.down() : Health.up();
        if (state.stale()) {
            health.withDetail("reason", "the fleet's phase cannot be read; keeping the paths of " + state.phase());
        }
        return health
                .withDetail("phase", state.phase().name())
                .withDetail("readPath", state.paths().read().name())
                .withDetail("writePath", state.paths().write().name())
                .withDetail("nameColumn", state.paths().nameColumn().name())
                .withDetail("stale", state.stale())
                .withDetail("phaseReadAt", state.lastRead().toString())
                .withDetail("instanceId", fleet.identity().instanceId())
                .build();
    }
}
