package org.namelog.migration.step;

import java.util.List;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.Catalog.ObjectState;

/**
 * The legacy {@code namelog.name}: made nullable before NEW_ONLY (V7), dropped by the contract
 * (V8, no way back). Rolling back the start restores NOT NULL where the column had it.
 */
final class DropLegacyName implements Step {

    private static final String MOMENT = "ACCESS EXCLUSIVE on namelog, a moment (catalog only)";

    private final boolean legacyNameNotNull;

    DropLegacyName(boolean legacyNameNotNull) {
        this.legacyNameNotNull = legacyNameNotNull;
    }

    @Override
    public String id() {
        return "legacy-name";
    }

    @Override
    public List<Action> start() {
        return List.of(Actions.forward(7, "legacy-name.start", "make namelog.name nullable", MOMENT,
                s -> s.legacyName() != ColumnState.NOT_NULL));
    }

    @Override
    public List<Action> complete() {
        return List.of(Actions.forward(8, "legacy-name.complete", "DROP COLUMN namelog.name (no way back)", MOMENT,
                s -> s.legacyName() == ColumnState.ABSENT));
    }

    @Override
    public List<Action> rollback() {
        if (!legacyNameNotNull) {
            return List.of();
        }
        return List.of(
                Actions.tool("name_not_null_1_check_not_valid.sql", "legacy-name.rollback.check",
                        "add CHECK (name IS NOT NULL) NOT VALID", MOMENT,
                        s -> s.legacyName() == ColumnState.NOT_NULL || s.legacyNameNotNullCheck() != ObjectState.ABSENT),
                Actions.tool("name_not_null_2_validate.sql", "legacy-name.rollback.validate",
                        "validate the CHECK (scans the table)", "SHARE UPDATE EXCLUSIVE on namelog (reads and writes go on)",
                        s -> s.legacyName() == ColumnState.NOT_NULL || s.legacyNameNotNullCheck() == ObjectState.VALID),
                Actions.tool("name_not_null_3_set_not_null.sql", "legacy-name.rollback.set-not-null",
                        "set namelog.name NOT NULL again", MOMENT, s -> s.legacyName() == ColumnState.NOT_NULL),
                Actions.tool("name_not_null_4_drop_check.sql", "legacy-name.rollback.drop-check",
                        "drop the now redundant CHECK", MOMENT, s -> s.legacyNameNotNullCheck() == ObjectState.ABSENT));
    }
}
