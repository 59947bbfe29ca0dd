package org.namelog.dao.fleet;

import java.time.OffsetDateTime;

/**
 * One row of the fleet's heartbeat table, as the {@link PhaseGate} sees it.
 *
 * @param instanceId the instance's id
 * @param service its service group
 * @param host where it runs
 * @param phase the phase whose paths it reported using (a {@code Phase} name)
 * @param readPath the read path it reported
 * @param writePath the write path it reported
 * @param stale whether it could not read the phase lately (it keeps its last paths)
 * @param startedAt when it started
 * @param lastSeen its latest heartbeat (database clock)
 * @param live whether {@code now() - lastSeen} is within the greater of the gate's TTL and the instance's own
 *     lease; only live instances block a phase change
 */
public record FleetInstance(String instanceId, String service, String host, String phase, String readPath,
        String writePath, boolean stale, OffsetDateTime startedAt, OffsetDateTime lastSeen, boolean live) {

    /** Whether it reported following {@code phase}. */
    public boolean isOn(org.namelog.dao.flag.Phase phase) {
        return phase.name().equals(this.phase);
    }

    /** One line for messages and listings. */
    public String describe() {
        return "instance " + instanceId + " (service " + service + " on host " + host + ") is on " + phase
                + " (read " + readPath + ", write " + writePath + (stale ? ", STALE" : "") + "), last seen "
                + lastSeen + (live ? "" : ", not live");
    }
}
