package org.namelog.migration;

import java.time.Clock;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.backfill.Backfill;
import org.namelog.migration.backfill.StopSignal;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rollback", description = "Undoes the last step: from VALIDATED (reverse backfill of name from name_id first) to EXPANDED, from EXPANDED to LEGACY.")
final class RollbackCommand extends DatabaseCommand {

    @Mixin
    BackfillOptions options;

    @Override
    String name() {
        return "rollback";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        var settings = options.settings(root.lockTimeout, System.console() != null);
        SchemaState.Stage stage = run.schema().stage();
        Phase phase = run.phase();
        Boolean recorded = run.state.step().legacyNameNotNull();
        Steps steps = new Steps(Boolean.TRUE.equals(recorded));
        switch (stage) {
            case CONTRACTED -> throw MigrationException.prerequisite(
                    "the legacy column is dropped (contracted): there is no way back");
            case LEGACY -> {
                run.out.println("rollback: nothing to undo, the schema is LEGACY");
                return ExitCode.OK;
            }
            case VALIDATED -> {
                if (phase.ordinal() > Phase.READ_NEW.ordinal()) {
                    throw MigrationException.prerequisite("the fleet is at " + phase + ": move it back to READ_NEW first"
                            + " (NEW_ONLY writers leave name NULL, so the reverse backfill could not finish)");
                }
                run.out.println("rollback of validate: reverse backfill of name from name_id, then undo:");
                new Backfill(run.database, run.state, settings, run.out, new StopSignal(), Clock.systemDefaultZone())
                        .run(Backfill.Direction.REVERSE);
                run.state.deleteCheckpoint(Backfill.Direction.REVERSE.key());
                run.runner().run(steps.rollbackValidate());
                run.state.clearVerified();
                run.state.setStep(SchemaState.Stage.EXPANDED.name());
                run.out.println("rollback: back at EXPANDED (the fleet may be at DUAL_WRITE)");
                return ExitCode.OK;
            }
            default -> {
                if (phase != Phase.LEGACY) {
                    throw MigrationException.prerequisite("the fleet is at " + phase + ": move it back to LEGACY first"
                            + " (its writers use name and name_id)");
                }
                if (run.catalog.schemaState().nameId() != ColumnState.ABSENT
                        && run.catalog.rowsMissingName()) {
                    throw MigrationException.prerequisite("some rows have a name_id but no name: they were written in"
                            + " NEW_ONLY; their text exists only through name_id. Restore it first: run validate,"
                            + " then rollback (its reverse backfill fills name)");
                }
                run.out.println("rollback of expand (back to LEGACY):");
                run.runner().run(steps.rollbackExpand());
                run.state.deleteCheckpoint(Backfill.Direction.FORWARD.key());
                run.state.deleteCheckpoint(Backfill.Direction.REVERSE.key());
                run.state.clearVerified();
                run.state.setStep(SchemaState.Stage.LEGACY.name());
                run.out.println("rollback: back at LEGACY");
                return ExitCode.OK;
            }
        }
    }
}
