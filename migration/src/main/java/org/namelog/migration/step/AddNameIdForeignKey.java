package org.namelog.migration.step;

import java.util.List;
import org.namelog.migration.step.Catalog.ObjectState;

/** The foreign key name_id → name(id): added NOT VALID (V5), validated after the backfill (V6). */
final class AddNameIdForeignKey implements Step {

    private static final String ADD_LOCK = "SHARE ROW EXCLUSIVE on namelog and name, a moment (NOT VALID: no scan)";
    private static final String DROP_LOCK = "ACCESS EXCLUSIVE on namelog, a moment";

    @Override
    public String id() {
        return "name-id-fkey";
    }

    @Override
    public List<Action> start() {
        return List.of(Actions.forward(5, "name-id-fkey.start", "add foreign key " + Catalog.NAME_ID_FKEY + " NOT VALID",
                ADD_LOCK, s -> s.foreignKey() != ObjectState.ABSENT));
    }

    @Override
    public List<Action> complete() {
        return List.of(Actions.forward(6, "name-id-fkey.complete", "validate foreign key " + Catalog.NAME_ID_FKEY
                + " (scans the table)", "SHARE UPDATE EXCLUSIVE on namelog, ROW SHARE on name (reads and writes go on)",
                s -> s.foreignKey() == ObjectState.VALID));
    }

    /** A validated constraint cannot be made NOT VALID again: drop it and add it back NOT VALID. */
    @Override
    public List<Action> rollbackComplete() {
        return List.of(
                Actions.undo(5, "name-id-fkey.rollback-complete.drop", "drop the validated foreign key", DROP_LOCK,
                        s -> s.foreignKey() != ObjectState.VALID),
                Actions.forward(5, "name-id-fkey.rollback-complete.add", "add the foreign key back NOT VALID", ADD_LOCK,
                        s -> s.foreignKey() != ObjectState.ABSENT));
    }

    @Override
    public List<Action> rollback() {
        return List.of(Actions.undo(5, "name-id-fkey.rollback", "drop foreign key " + Catalog.NAME_ID_FKEY, DROP_LOCK,
                s -> s.foreignKey() == ObjectState.ABSENT));
    }
}
