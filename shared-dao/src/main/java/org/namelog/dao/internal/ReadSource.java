package org.namelog.dao.internal;

/** Where a read statement takes the name from. */
public enum ReadSource {
    /** {@code namelog.name}. */
    LEGACY_TEXT,
    /** {@code name.value} through {@code name_id}; the legacy text for rows without name_id yet. */
    NAME_ID_WITH_FALLBACK,
    /** {@code name.value} through {@code name_id} only: the legacy column is gone. */
    NAME_ID
}
