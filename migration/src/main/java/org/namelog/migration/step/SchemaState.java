package org.namelog.migration.step;

import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.Catalog.ObjectState;

/**
 * The NameLog schema as the catalogs show it now. For the foreign key, INVALID means NOT VALID.
 */
public record SchemaState(boolean nameTable, ColumnState nameId, ObjectState nameIdIndex, ObjectState foreignKey,
        ColumnState legacyName, ObjectState nameIdNotNullCheck, ObjectState legacyNameNotNullCheck) {

    /** The furthest step whose effects are all in place. */
    public Stage stage() {
        if (legacyName == ColumnState.ABSENT && nameId != ColumnState.ABSENT) {
            return Stage.CONTRACTED;
        }
        boolean expanded = nameTable && nameId != ColumnState.ABSENT && nameIdIndex == ObjectState.VALID
                && foreignKey != ObjectState.ABSENT;
        if (expanded && foreignKey == ObjectState.VALID) {
            return Stage.VALIDATED;
        }
        if (expanded) {
            return Stage.EXPANDED;
        }
        if (nameTable || nameId != ColumnState.ABSENT || nameIdIndex != ObjectState.ABSENT
                || foreignKey != ObjectState.ABSENT) {
            return Stage.PARTLY_EXPANDED;
        }
        return Stage.LEGACY;
    }

    public String describe() {
        return "name table " + (nameTable ? "present" : "absent")
                + ", namelog.name_id " + nameId.name().toLowerCase().replace('_', ' ')
                + ", index " + Catalog.NAME_ID_INDEX + " " + nameIdIndex.name().toLowerCase()
                + ", foreign key " + (foreignKey == ObjectState.INVALID ? "NOT VALID" : foreignKey.name().toLowerCase())
                + ", legacy namelog.name " + legacyName.name().toLowerCase().replace('_', ' ');
    }

    /** How far the schema is. */
    public enum Stage {
        LEGACY, PARTLY_EXPANDED, EXPANDED, VALIDATED, CONTRACTED
    }
}
