package org.namelog.migration.step;

import java.util.List;
import org.namelog.migration.step.Catalog.ObjectState;

/** The index on {@code namelog.name_id}, built CONCURRENTLY (V4); an INVALID leftover is dropped first. */
final class IndexNameId implements Step {

    private static final String LOCK = "SHARE UPDATE EXCLUSIVE on namelog (CONCURRENTLY: reads and writes go on)";

    @Override
    public String id() {
        return "name-id-index";
    }

    @Override
    public List<Action> start() {
        Action dropInvalid = Actions.undo(4, "name-id-index.repair", "drop the INVALID index a failed build left", LOCK,
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
