package org.namelog.dao.flag;

/** Which columns the DAO writes a name to. */
public enum WritePath {
    /** The legacy {@code namelog.name} text only. */
    LEGACY,
    /** Both the text and {@code name_id}, resolving the name to its {@code name} row. */
    DUAL,
    /** {@code name_id} only; the legacy text is left NULL on new rows. */
    NEW;

    /** Whether this path resolves names to {@code name} ids. */
    public boolean writesNameId() {
        return this != LEGACY;
    }

    /** Whether this path writes the legacy text column. */
    public boolean writesLegacyText() {
        return this != NEW;
    }
}
