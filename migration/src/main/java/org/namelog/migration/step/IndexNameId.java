package org.namelog.migration.step;

import java.util.List;
import org.namelog.migration.step.Catalog.ObjectState;

/**
 * The index on {@code namelog.name_id}, built CONCURRENTLY (V4). A failed build leaves an INVALID
 * index that writers keep maintaining but no query uses: it is dropped, CONCURRENTLY too, before
 * the next build. Both run without a lock timeout, with whoever they wait for named (see the ddl
 * package): their lock lets reads and writes go on.
 */
final class IndexNameId implements Step {

    private static final String LOCK = "SHARE UPDATE EXCLUSIVE on namelog (CONCURRENTLY: reads and writes go on;"
            + " waits without a lock timeout for older transactions, naming them)";

    @Override
    public String id() {
        return "name-id-index";
    }

    @Override
    public List<Action> start() {
        Action dropInvalid = Actions.undo(4, "name-id-index.repair", "drop the INVALID index (a failed build's leftover,"
                + " which writers kept maintaining and no query used) CONCURRENTLY, then build it again", LOCK,
                s -> s.nameIdIndex() != ObjectState.INVALID);
        return List.of(Actions.forward(4, "name-id-index.start", "create index " + Catalog.NAME_ID_INDEX + " CONCURRENTLY",
                LOCK, s -> s.nameIdIndex() == ObjectState.VALID).withRepair(dropInvalid));
    }

    @Override
    public List<Action> complete() {
        return List.of();
    }

    @Override
    public List<Action> rollback() {
        return List.of(Actions.undo(4, "name-id-index.rollback", "drop index " + Catalog.NAME_ID_INDEX + " CONCURRENTLY",
                LOCK, s -> s.nameIdIndex() == ObjectState.ABSENT));
    }
}
