package org.namelog.migration.step;

import java.util.List;

/** The Name table and its digest function (V2). */
final class CreateNameTable implements Step {

    @Override
    public String id() {
        return "name-table";
    }

    @Override
    public List<Action> start() {
        return List.of(Actions.forward(2, "name-table.start", "create table name with a unique digest index",
                "none on namelog (a new table)", SchemaState::nameTable));
    }

    @Override
    public List<Action> complete() {
        return List.of();
    }

    @Override
    public List<Action> rollback() {
        return List.of(Actions.undo(2, "name-table.rollback", "drop table name",
                "ACCESS EXCLUSIVE on name (no service reads it in LEGACY)", s -> !s.nameTable()));
    }
}
