package org.namelog.dao.flag;

/** Where the DAO reads an entry's name from. */
public enum ReadPath {
    /** The legacy {@code namelog.name} text. */
    LEGACY,
    /**
     * Both paths: returns the legacy result, and counts and logs every entry on which the
     * path through {@code name_id} disagrees. For building confidence before {@link #NEW}.
     */
    SHADOW,
    /**
     * Through {@code name_id}, joined to {@code name}, only: the text is never read, since the fleet
     * reaches it only after every row was verified and it may be stale from NEW_ONLY on.
     */
    NEW
}
