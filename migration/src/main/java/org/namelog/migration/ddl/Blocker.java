package org.namelog.migration.ddl;

import java.time.Duration;
import org.namelog.migration.Durations;

/**
 * A session a CONCURRENTLY statement waits for, as {@code pg_stat_activity} shows it. Fields
 * PostgreSQL hides from a role without {@code pg_read_all_stats} are null.
 *
 * @param pid its backend pid (what {@code pg_terminate_backend} takes)
 * @param transactionSeconds how long its transaction has been open, or null
 * @param querySeconds how long ago its last statement began, or null
 */
public record Blocker(int pid, String applicationName, String user, String database, String state, Long transactionSeconds,
        Long querySeconds) {

    /** One line for the operator; never the query text, which may hold personal data. */
    String describe() {
        StringBuilder line = new StringBuilder("pid ").append(pid);
        line.append(", application_name '").append(applicationName == null ? "" : applicationName).append('\'');
        if (user != null) {
            line.append(", user ").append(user);
        }
        if (database != null) {
            line.append(", database ").append(database);
        }
        if (state == null) {
            line.append(", state hidden (the tool's role needs pg_read_all_stats to see it)");
            return line.toString();
        }
        line.append(", ").append(state);
        if (transactionSeconds != null) {
            line.append(", transaction open ").append(Durations.format(Duration.ofSeconds(transactionSeconds)));
        }
        if (querySeconds != null) {
            line.append(", last query started ").append(Durations.format(Duration.ofSeconds(querySeconds)))
                    .append(" ago");
        }
        return line.toString();
    }
}
