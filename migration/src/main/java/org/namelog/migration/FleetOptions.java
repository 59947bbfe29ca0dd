package org.namelog.migration;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long the fleet commands wait, when an instance counts as gone, and whether one must answer. */
final class FleetOptions {

    @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class, paramLabel = "DURATION",
            description = "how long to wait for every live instance to report the new phase (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--instance-ttl", defaultValue = "10s", converter = Durations.class, paramLabel = "DURATION",
            description = "an instance is live while its last heartbeat is this recent, or within the lease it states"
                    + " itself if that is longer (default: ${DEFAULT-VALUE})")
    Duration instanceTtl;

    @Option(names = "--no-instances-expected",
            description = "move the fleet even though no instance heartbeats (nothing can confirm the switch: only"
                    + " when no service runs against this database)")
    boolean noInstancesExpected;
}
