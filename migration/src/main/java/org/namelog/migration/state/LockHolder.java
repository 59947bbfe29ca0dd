package org.namelog.migration.state;

import java.time.OffsetDateTime;

/** A session holding the migration's advisory lock, as {@code pg_stat_activity} shows it. */
public record LockHolder(int pid, String usename, String applicationName, String clientAddr,
        OffsetDateTime backendStart) {

    @Override
    public String toString() {
        return "pid " + pid + " (" + applicationName + ", database user " + usename
                + (clientAddr == null ? "" : ", from " + clientAddr) + ", since " + backendStart + ")";
    }
}
