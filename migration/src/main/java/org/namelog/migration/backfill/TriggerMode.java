package org.namelog.migration.backfill;

import java.util.Locale;

/** How a backfill batch keeps the user's BEFORE UPDATE trigger from changing {@code "timestamp"}. */
public enum TriggerMode {
    /**
     * The default: a tool-owned BEFORE UPDATE trigger that fires after every other one and puts
     * back the old {@code "timestamp"}, only in sessions with {@code namelog.preserve_timestamp = on}
     * (the backfill's own). Every other trigger still fires; no function of the user's is touched.
     * Installed for the run and removed after it.
     */
    GUC,
    /**
     * {@code session_replication_role = replica}: no ordinary trigger fires in the backfill's
     * sessions, foreign-key checks included. An explicit opt-in, refused while namelog has other
     * user triggers (audit, outbox, CDC would miss every row); the foreign key is checked after.
     */
    REPLICA;

    public static TriggerMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "guc" -> GUC;
            case "replica" -> REPLICA;
            default -> throw new IllegalArgumentException("--trigger-mode must be guc (the default) or replica but was "
                    + value);
        };
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
