package org.namelog.dao.fleet;

import java.util.Objects;

/**
 * Who a DAO instance is in the fleet's heartbeat table.
 *
 * @param instanceId unique in the fleet (one row per id)
 * @param service the service group, e.g. {@code service-a}
 * @param host where it runs
 */
public record InstanceIdentity(String instanceId, String service, String host) {

    public InstanceIdentity {
        requireText(instanceId, "instanceId");
        requireText(service, "service");
        requireText(host, "host");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException(name + " must be 1 to 200 characters, not blank, but was '" + value + "'");
        }
    }
}
