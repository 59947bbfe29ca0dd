package org.namelog.migration.step;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One database change of a step: a statement from a schema file, the lock it takes, and how to
 * tell from the catalogs that its effect is already in place (so a re-run skips it).
 *
 * @param id stable id, recorded in the history (e.g. {@code name-id-index.start})
 * @param description what it does, for the operator
 * @param lock the lock it takes, for {@code plan}
 * @param source where the SQL comes from (a file name)
 * @param sql the statement(s)
 * @param outsideTransaction CONCURRENTLY: must run in auto-commit mode
 * @param done whether its effect already holds
 * @param repair run first, on every attempt, unless its own check holds (drops an INVALID index)
 */
public record Action(String id, String description, String lock, String source, String sql,
        boolean outsideTransaction, Predicate<SchemaState> done, Action repair) {

    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(done, "done");
    }

    public Action withRepair(Action first) {
        return new Action(id, description, lock, source, sql, outsideTransaction, done, first);
    }
}
