package org.namelog.migration.backfill;

import java.util.Locale;

/** How a backfill batch keeps the user's BEFORE UPDATE trigger from changing {@code "timestamp"}. */
public enum TriggerMode {
    /**
     * The default: {@link #REPLICA} when it switches off nothing but the timestamp trigger and the
     * foreign-key checks (which the run then re-checks, one scan), and the role may set it;
     * otherwise {@link #GUC}. The tool says which, and why. Replica is the speed of one statement:
     * the guard's trigger and the per-row foreign-key probe cost about 1.6 times the update itself.
     */
    AUTO,
    /**
     * A tool-owned BEFORE UPDATE trigger that fires after every other one and puts
     * back the old {@code "timestamp"}, only in sessions with {@code namelog.preserve_timestamp = on}
     * (the backfill's own). Every other trigger still fires; no function of the user's is touched.
     * Installed for the run and removed after it.
     */
    GUC,
    /**
     * {@code session_replication_role = replica}: no ordinary trigger fires in the backfill's
     * sessions, foreign-key checks included. Refused while namelog or name has a trigger that it
     * would switch off or make fire (audit, outbox, CDC would miss every row); the foreign key is
     * checked after the run.
     */
    REPLICA;

    public static TriggerMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "guc" -> GUC;
            case "replica" -> REPLICA;
            default -> throw new IllegalArgumentException("--trigger-mode must be auto (the default), guc or replica but was "
                    + value);
        };
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
