package org.namelog.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagState;

/**
 * What this instance follows, for the rollout's alerts and dashboard (observability/): read from
 * the flag source at each scrape, so never older than the scrape.
 *
 * <p>Exported, tagged {@code service} and {@code instance_id}:
 * <ul>
 *   <li>{@code namelog_instance_phase{phase}}: 1 for the fleet phase this instance follows, 0 for
 *       the others (every phase has a series, so a query never misses a phase nobody is on);
 *   <li>{@code namelog_instance_phase_index}: that phase's position (LEGACY = 0), to compare
 *       instances and see a change with {@code changes()};
 *   <li>{@code namelog_instance_phase_stale}: 1 while the instance cannot read the phase (it keeps
 *       its last paths, and stops writing where the DAO says so);
 *   <li>{@code namelog_instance_phase_read_age_seconds}: time since it last read the phase;
 *   <li>{@code namelog_instance_read_pinned}: 1 while a read pin holds its reads behind the phase.
 * </ul>
 */
public final class FleetMetrics {

    private FleetMetrics() {
    }

    /** Registers this instance's gauges, reading {@code flags} at every scrape. */
    public static void register(MeterRegistry registry, DatabaseFlagSource flags, ServiceConfig config) {
        Tags tags = Tags.of("service", config.service(), "instance_id", config.instanceId());
        for (Phase phase : Phase.values()) {
            Gauge.builder("namelog.instance.phase", flags, f -> f.state().phase() == phase ? 1 : 0)
                    .description("1 for the fleet phase this instance follows, 0 for the others")
                    .tags(tags.and("phase", phase.name())).strongReference(true).register(registry);
        }
        Gauge.builder("namelog.instance.phase.index", flags, f -> f.state().phase().ordinal())
                .description("position of the phase this instance follows (LEGACY = 0)")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("namelog.instance.phase.stale", flags, f -> f.state().stale() ? 1 : 0)
                .description("1 while this instance cannot read the fleet phase")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("namelog.instance.phase.read.age", flags, FleetMetrics::secondsSinceRead)
                .description("time since this instance last read the fleet phase").baseUnit("seconds")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("namelog.instance.read.pinned", flags, f -> pinned(f.state()) ? 1 : 0)
                .description("1 while a read pin holds this instance's reads behind the fleet phase")
                .tags(tags).strongReference(true).register(registry);
    }

    private static double secondsSinceRead(DatabaseFlagSource flags) {
        return Math.max(0, Duration.between(flags.state().lastRead(), Instant.now()).toMillis() / 1000.0);
    }

    private static boolean pinned(FlagState state) {
        return !state.paths().equals(state.phase().paths());
    }
}
