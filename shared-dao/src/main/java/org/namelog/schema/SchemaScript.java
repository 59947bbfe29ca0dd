package org.namelog.schema;

import java.util.Locale;
import java.util.Objects;

/**
 * One versioned SQL file of {@code db/migration}, named as Flyway names them: {@code V<n>__<what>.sql}
 * applies step n, {@code U<n>__<what>.sql} undoes it. These files are the statements the
 * migration tool runs, not a copy of them.
 *
 * @param version the step number
 * @param undo whether this is the undo of step {@code version}
 * @param description the file name's description, underscores as spaces
 * @param fileName the file name
 * @param sql the file's text
 */
public record SchemaScript(int version, boolean undo, String description, String fileName, String sql) {

    public SchemaScript {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1 but was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sql, "sql");
    }

    /**
     * Whether the script must run outside a transaction (CREATE/DROP INDEX CONCURRENTLY). Only
     * statements count: a comment that mentions the word does not.
     */
    public boolean runsOutsideTransaction() {
        return sql.lines()
                .map(line -> line.contains("--") ? line.substring(0, line.indexOf("--")) : line)
                .anyMatch(line -> line.toUpperCase(Locale.ROOT).contains("CONCURRENTLY"));
    }
}
