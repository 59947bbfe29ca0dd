package org.namelog.dao.flag;

import java.util.Objects;

/**
 * The read and write paths one DAO instance uses, and the schema state they run against.
 *
 * <p>Only combinations that return the name that was written can be built:
 *
 * <ul>
 *   <li>reading through {@code name_id} ({@link ReadPath#NEW} or {@link ReadPath#SHADOW}) needs
 *       writes that fill {@code name_id}; otherwise this instance's own new rows would be read
 *       through a path that cannot see their names once the legacy column stops being written;
 *   <li>writing {@code name_id} only ({@link WritePath#NEW}) needs reads through it, because the
 *       rows it writes carry no legacy text;
 *   <li>once the legacy column is {@linkplain NameColumn#DROPPED dropped}, only {@code NEW/NEW}.
 * </ul>
 *
 * @param read where names are read from
 * @param write where names are written to
 * @param nameColumn whether the legacy text column still exists
 */
public record Paths(ReadPath read, WritePath write, NameColumn nameColumn) {

    public Paths {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(nameColumn, "nameColumn");
        if (read != ReadPath.LEGACY && write == WritePath.LEGACY) {
            throw new IllegalArgumentException("read path " + read + " needs name_id to be written,"
                    + " but the write path is LEGACY: use write DUAL first");
        }
        if (write == WritePath.NEW && read != ReadPath.NEW) {
            throw new IllegalArgumentException("write path NEW leaves the legacy text empty, so the"
                    + " read path must be NEW, not " + read);
        }
        if (nameColumn == NameColumn.DROPPED && (read != ReadPath.NEW || write != WritePath.NEW)) {
            throw new IllegalArgumentException("the legacy name column is dropped: only read NEW /"
                    + " write NEW can run, not read " + read + " / write " + write);
        }
    }

    /** Paths while the legacy column still exists. */
    public static Paths of(ReadPath read, WritePath write) {
        return new Paths(read, write, NameColumn.PRESENT);
    }

    /** Whether reads must fall back to the legacy text for rows that have no name_id yet. */
    public boolean readFallsBackToLegacyText() {
        return nameColumn == NameColumn.PRESENT;
    }

    @Override
    public String toString() {
        return "read " + read + " / write " + write
                + (nameColumn == NameColumn.DROPPED ? " (name column dropped)" : "");
    }
}
