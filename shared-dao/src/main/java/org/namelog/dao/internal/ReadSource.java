package org.namelog.dao.internal;

/** Where a read statement takes the name from. */
public enum ReadSource {
    /** {@code namelog.name}. */
    LEGACY_TEXT,
    /**
     * {@code name.value} through {@code name_id}; the legacy text for rows without name_id yet. Only
     * for SHADOW comparisons while the backfill runs: never what a reader is served.
     */
    NAME_ID_WITH_FALLBACK,
    /** {@code name.value} through {@code name_id} only: every read on the NEW path. */
    NAME_ID
}
