package org.namelog.migration.state;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The row of {@code namelog_migration_step}.
 *
 * @param verifiedEpoch the epoch the last passing verify ran under (null before any)
 * @param verifiedNameOid the {@code name} table it checked (null before any)
 */
public record StepRow(String step, Boolean legacyNameNotNull, OffsetDateTime verifiedAt, String verifiedBy,
        OffsetDateTime changedAt, String changedBy, Long verifiedEpoch, Long verifiedNameOid) {

    /** What the last passing verify was taken under, if one passed and recorded it. */
    public Optional<Stamp> verification() {
        return verifiedAt == null || verifiedEpoch == null || verifiedNameOid == null ? Optional.empty()
                : Optional.of(new Stamp(verifiedEpoch, verifiedNameOid));
    }
}
