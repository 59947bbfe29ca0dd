package org.namelog.migration;

import org.namelog.dao.flag.Phase;
import org.namelog.migration.step.Catalog.ObjectState;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "contract", description = "Drops the legacy column namelog.name. There is NO WAY BACK: needs --yes and every prerequisite.")
final class ContractCommand extends DatabaseCommand {

    @Option(names = "--yes", description = "confirm: the legacy column is dropped and cannot be restored by this tool")
    boolean yes;

    @Override
    String name() {
        return "contract";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        SchemaState schema = run.schema();
        if (schema.stage() == SchemaState.Stage.CONTRACTED) {
            run.out.println("contract: already done, nothing changed (namelog.name is gone)");
            return ExitCode.OK;
        }
        if (schema.foreignKey() != ObjectState.VALID) {
            throw MigrationException.prerequisite("the foreign key is not validated: run namelog-migrate validate first");
        }
        if (run.state.step().verifiedAt() == null) {
            throw MigrationException.prerequisite("the backfill has not been verified since it last changed rows:"
                    + " run namelog-migrate verify first");
        }
        if (run.catalog.rowsMissingNameId()) {
            throw MigrationException.prerequisite("some rows have a name but no name_id: run backfill and verify first");
        }
        Phase phase = run.phase();
        // The fleet must have stopped mentioning the column before it goes: NEW_ONLY instances
        // still fall back to it on reads and clear it on renames, so dropping it under them would
        // fail their requests. CONTRACTED is the phase whose statements never name it.
        if (phase != Phase.CONTRACTED) {
            throw MigrationException.prerequisite("the fleet is at " + phase + ": contract needs CONTRACTED, where no"
                    + " instance mentions namelog.name any more (namelog-migrate advance --to CONTRACTED)");
        }
        if (!yes) {
            throw MigrationException.prerequisite("contract drops namelog.name and there is NO WAY BACK:"
                    + " run it again with --yes if you mean it");
        }
        run.out.println("contract: dropping namelog.name. There is no way back after this.");
        boolean notNull = Boolean.TRUE.equals(run.state.step().legacyNameNotNull());
        run.runner().run(new Steps(notNull).contract());
        run.state.setStep(SchemaState.Stage.CONTRACTED.name());
        run.out.println("contract: done; namelog.name is gone");
        return ExitCode.OK;
    }
}
