package org.namelog.dao.flag;

/**
 * Whether the legacy {@code namelog.name} column still exists. After the contract step it does
 * not, and no statement may mention it.
 */
public enum NameColumn {
    PRESENT,
    DROPPED
}
