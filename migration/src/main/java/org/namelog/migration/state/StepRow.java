package org.namelog.migration.state;

import java.time.OffsetDateTime;

/** The row of {@code namelog_migration_step}. */
public record StepRow(String step, Boolean legacyNameNotNull, OffsetDateTime verifiedAt, String verifiedBy,
        OffsetDateTime changedAt, String changedBy) {
}
