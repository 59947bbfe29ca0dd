package org.namelog.migration.step;

import java.util.List;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.Catalog.ObjectState;

/**
 * The nullable {@code namelog.name_id} (V3). Completing it makes it NOT NULL, but only where
 * the legacy name was NOT NULL, by CHECK NOT VALID, VALIDATE, SET NOT NULL, drop the CHECK.
 */
final class AddNameIdColumn implements Step {

    private static final String MOMENT = "ACCESS EXCLUSIVE on namelog, a moment (catalog only)";

    private final boolean legacyNameNotNull;

    AddNameIdColumn(boolean legacyNameNotNull) {
        this.legacyNameNotNull = legacyNameNotNull;
    }

    @Override
    public String id() {
        return "name-id-column";
    }

    @Override
    public List<Action> start() {
        return List.of(Actions.forward(3, "name-id-column.start", "add nullable column namelog.name_id", MOMENT,
                s -> s.nameId() != ColumnState.ABSENT));
    }

    @Override
    public List<Action> complete() {
        if (!legacyNameNotNull) {
            return List.of();
        }
        return List.of(
                Actions.tool("name_id_not_null_1_check_not_valid.sql", "name-id-column.complete.check",
                        "add CHECK (name_id IS NOT NULL) NOT VALID", MOMENT,
                        s -> s.nameId() == ColumnState.NOT_NULL || s.nameIdNotNullCheck() != ObjectState.ABSENT),
                Actions.tool("name_id_not_null_2_validate.sql", "name-id-column.complete.validate",
                        "validate the CHECK (scans the table)", "SHARE UPDATE EXCLUSIVE on namelog (reads and writes go on)",
                        s -> s.nameId() == ColumnState.NOT_NULL || s.nameIdNotNullCheck() == ObjectState.VALID),
                Actions.tool("name_id_not_null_3_set_not_null.sql", "name-id-column.complete.set-not-null",
                        "set namelog.name_id NOT NULL (the valid CHECK spares the scan)", MOMENT,
                        s -> s.nameId() == ColumnState.NOT_NULL),
                Actions.tool("name_id_not_null_4_drop_check.sql", "name-id-column.complete.drop-check",
                        "drop the now redundant CHECK", MOMENT,
                        s -> s.nameIdNotNullCheck() == ObjectState.ABSENT));
    }

    @Override
    public List<Action> rollbackComplete() {
        return List.of(Actions.tool("name_id_drop_not_null.sql", "name-id-column.rollback-complete",
                "make namelog.name_id nullable again", MOMENT, s -> s.nameId() != ColumnState.NOT_NULL));
    }

    @Override
    public List<Action> rollback() {
        return List.of(Actions.undo(3, "name-id-column.rollback", "drop column namelog.name_id", MOMENT,
                s -> s.nameId() == ColumnState.ABSENT));
    }
}
