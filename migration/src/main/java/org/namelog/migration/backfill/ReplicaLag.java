package org.namelog.migration.backfill;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.namelog.migration.MigrationException;

/**
 * How far the WAL consumers are behind, in bytes: every connected standby (from its replay
 * position, so a stalled replay keeps growing instead of showing its last small delay) and every
 * replication slot (a disconnected standby or a logical consumer holds its slot behind). A lag
 * that cannot be seen is an error, never 0.
 */
final class ReplicaLag {

    /** One consumer: {@code bytes} behind, or null when its position is not known. */
    record Lag(String what, Long bytes) {
    }

    private static final long STALLED_NANOS = 30_000_000_000L;

    private final long maxBytes;
    private final String user;
    private volatile long worstSeen;
    private final Map<String, long[]> lastShrink = new HashMap<>(); // what -> {smallest bytes seen, when}

    ReplicaLag(long maxBytes, String user) {
        this.maxBytes = maxBytes;
        this.user = user;
    }

    /**
     * Null when every consumer is within the limit, else why to hold.
     *
     * @throws MigrationException when a standby's position cannot be read (the role lacks the grant)
     */
    /** The largest lag seen by the last {@link #check}, in bytes (0 when nothing consumes WAL). */
    long worstBytes() {
        return worstSeen;
    }

    String check(BackfillMapper m) {
        List<Lag> lags = m.replicaLag();
        if (lags.stream().anyMatch(l -> l.bytes() == null) && !m.seesReplicationDetails()) {
            throw MigrationException.prerequisite("cannot see how far the standbys are behind: role " + user
                    + " may not read replay_lsn in pg_stat_replication; GRANT pg_monitor TO " + user
                    + " (or pg_read_all_stats), or run with --max-replica-lag 0 to not look");
        }
        long now = System.nanoTime();
        worstSeen = lags.stream().map(Lag::bytes).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).max()
                .orElse(0);
        String worst = null;
        long worstBytes = -1;
        for (Lag lag : lags) {
            if (lag.bytes() == null) {
                return lag.what() + " has not reported a replay position yet";
            }
            long[] seen = lastShrink.computeIfAbsent(lag.what(), k -> new long[] {Long.MAX_VALUE, now});
            if (lag.bytes() < seen[0]) {
                seen[0] = lag.bytes();
                seen[1] = now;
            }
            if (lag.bytes() > maxBytes && lag.bytes() > worstBytes) {
                worstBytes = lag.bytes();
                boolean stalled = now - seen[1] > STALLED_NANOS;
                worst = lag.what() + " is " + Bytes.format(lag.bytes()) + " of WAL behind (more than "
                        + Bytes.format(maxBytes) + ")" + (stalled ? "; it has not caught up at all for 30s: is its replay"
                        + " stalled, or is nobody consuming the slot? (drop an abandoned slot with"
                        + " pg_drop_replication_slot)" : "");
            }
        }
        return worst;
    }
}
