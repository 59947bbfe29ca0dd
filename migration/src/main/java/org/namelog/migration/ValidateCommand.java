package org.namelog.migration;

import org.namelog.migration.rollout.Move;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;

@Command(name = "validate", description = "VALIDATEs the foreign key; where the legacy name was NOT NULL, makes name_id NOT NULL without a long lock; makes name nullable.")
final class ValidateCommand extends DatabaseCommand {

    @Override
    String name() {
        return "validate";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        run.require(Move.VALIDATE);
        SchemaState schema = run.schema();
        if (schema.legacyName() == ColumnState.NOT_NULL || run.state.step().legacyNameNotNull() == null) {
            run.state.recordLegacyNameNotNull(schema.legacyName() == ColumnState.NOT_NULL);
        }
        boolean notNull = Boolean.TRUE.equals(run.state.step().legacyNameNotNull());
        run.out.println("validate" + (notNull ? " (namelog.name was NOT NULL: name_id becomes NOT NULL)" : "") + ":");
        int ran = run.runner().run(new Steps(notNull).validate());
        run.state.setStep(SchemaState.Stage.VALIDATED.name());
        run.out.println(ran == 0 ? "validate: already done, nothing changed"
                : "validate: done (" + ran + " actions); the fleet may now go to READ_NEW");
        return ExitCode.OK;
    }
}
