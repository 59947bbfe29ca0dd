package org.namelog.migration;

import org.namelog.migration.rollout.Move;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;

@Command(name = "expand", description = "Creates the name table, adds the nullable name_id, builds its index CONCURRENTLY, adds the foreign key NOT VALID.")
final class ExpandCommand extends DatabaseCommand {

    @Override
    String name() {
        return "expand";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        run.require(Move.EXPAND);
        SchemaState schema = run.schema();
        // Remembered before anything changes: rollback restores it, validate decides from it.
        run.state.recordLegacyNameNotNull(schema.legacyName() == ColumnState.NOT_NULL);
        boolean notNull = Boolean.TRUE.equals(run.state.step().legacyNameNotNull());
        run.out.println("expand (lock timeout " + Durations.format(run.ddl.settings().lockTimeout()) + ", up to "
                + run.ddl.settings().maxRetries() + " retries):");
        int ran = run.runner().run(new Steps(notNull).expand());
        if (run.schema().stage().ordinal() <= SchemaState.Stage.EXPANDED.ordinal()) {
            run.state.setStep(SchemaState.Stage.EXPANDED.name());
        }
        run.out.println(ran == 0 ? "expand: already done, nothing changed" : "expand: done (" + ran
                + " actions); the fleet may now go to DUAL_WRITE");
        return ExitCode.OK;
    }
}
