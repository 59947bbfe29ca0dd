package org.namelog.migration;

import org.namelog.dao.flag.Phase;
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
        BackfillCommand.requireExpanded(run, "validate");
        Phase phase = run.phase();
        if (phase.ordinal() < Phase.DUAL_WRITE.ordinal()) {
            throw MigrationException.prerequisite("the fleet is at " + phase + ": validate needs DUAL_WRITE or later"
                    + " (LEGACY writers add rows without name_id); move the fleet to DUAL_WRITE, backfill, then validate");
        }
        SchemaState schema = run.schema();
        if (schema.legacyName() == ColumnState.NOT_NULL || run.state.step().legacyNameNotNull() == null) {
            run.state.recordLegacyNameNotNull(schema.legacyName() == ColumnState.NOT_NULL);
        }
        if (run.catalog.rowsMissingNameId()) {
            throw MigrationException.prerequisite("some rows have a name but no name_id: run namelog-migrate backfill"
                    + " (and verify) first");
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
