package org.namelog.migration;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long the fleet commands wait, and when an instance counts as gone. */
final class FleetOptions {

    @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class, paramLabel = "DURATION",
            description = "how long to wait for every live instance to report the new phase (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--instance-ttl", defaultValue = "10s", converter = Durations.class, paramLabel = "DURATION",
            description = "an instance is live while its last heartbeat is this recent; a dead one stops blocking"
                    + " after it (default: ${DEFAULT-VALUE})")
    Duration instanceTtl;
}
