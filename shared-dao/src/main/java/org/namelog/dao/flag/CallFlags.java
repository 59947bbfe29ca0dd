package org.namelog.dao.flag;

import java.util.Objects;

/**
 * What one DAO call runs under, as one snapshot: its paths, and the generation of the {@code name}
 * table they write through.
 *
 * <p>The generation moves on whenever the {@code name} table may have been replaced (a step back to
 * {@code LEGACY}, after which {@code rollback} may drop it and a second {@code expand} create it
 * again, numbering from 1). A name id cached under one generation is never used under another:
 * the same id may name another name in the new table.
 *
 * @param paths the paths of the call
 * @param nameTableGeneration the generation of the {@code name} table the call's name ids belong to
 */
public record CallFlags(Paths paths, long nameTableGeneration) {

    public CallFlags {
        Objects.requireNonNull(paths, "paths");
    }
}
