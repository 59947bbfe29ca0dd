package org.namelog.migration.state;

import java.time.OffsetDateTime;

/** One row of {@code namelog_migration_history}. */
public record HistoryRow(long id, String command, String action, String outcome, String detail, String dbUser,
        String operator, OffsetDateTime at) {
}
