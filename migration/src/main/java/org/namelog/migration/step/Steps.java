package org.namelog.migration.step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The migration's schema operations in order, and which of their actions each command runs.
 *
 * @param legacyNameNotNull whether namelog.name was NOT NULL before the migration
 */
public record Steps(boolean legacyNameNotNull) {

    private List<Step> expandSteps() {
        return List.of(new CreateNameTable(), new AddNameIdColumn(legacyNameNotNull), new IndexNameId(),
                new AddNameIdForeignKey());
    }

    /** expand: Name table, nullable name_id, its index CONCURRENTLY, the foreign key NOT VALID. */
    public List<Action> expand() {
        return collect(expandSteps(), Step::start);
    }

    /** validate: the foreign key, name_id NOT NULL where name was, then name nullable. */
    public List<Action> validate() {
        List<Action> actions = new ArrayList<>();
        actions.addAll(new AddNameIdForeignKey().complete());
        actions.addAll(new AddNameIdColumn(legacyNameNotNull).complete());
        actions.addAll(new DropLegacyName(legacyNameNotNull).start());
        return actions;
    }

    /** contract: drop the legacy column. */
    public List<Action> contract() {
        return new DropLegacyName(legacyNameNotNull).complete();
    }

    /** Back from VALIDATED to EXPANDED (after the reverse backfill). */
    public List<Action> rollbackValidate() {
        List<Action> actions = new ArrayList<>();
        actions.addAll(new DropLegacyName(legacyNameNotNull).rollback());
        actions.addAll(new AddNameIdColumn(legacyNameNotNull).rollbackComplete());
        actions.addAll(new AddNameIdForeignKey().rollbackComplete());
        return actions;
    }

    /** Back from EXPANDED (or a partial expand) to LEGACY: every expand step undone, in reverse. */
    public List<Action> rollbackExpand() {
        List<Step> reversed = new ArrayList<>(expandSteps());
        java.util.Collections.reverse(reversed);
        return collect(reversed, Step::rollback);
    }

    private static List<Action> collect(List<Step> steps, Function<Step, List<Action>> part) {
        List<Action> actions = new ArrayList<>();
        for (Step step : steps) {
            actions.addAll(part.apply(step));
        }
        return actions;
    }
}
