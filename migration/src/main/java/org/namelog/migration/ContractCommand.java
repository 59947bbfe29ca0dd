package org.namelog.migration;

import org.namelog.migration.rollout.Move;
import org.namelog.migration.rollout.RolloutFacts.OperatorOption;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drops the legacy column. Its preconditions read nothing of the text: from NEW_ONLY on the text
 * is not authoritative (renames there leave it stale, renames to NULL leave a name without
 * name_id), so what guarantees name_id is the verify that let the fleet into READ_NEW and the
 * name_id writes of every phase since.
 */
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
        if (yes) {
            run.require(Move.CONTRACT, OperatorOption.YES);
        } else {
            run.require(Move.CONTRACT);
        }
        run.out.println("contract: dropping namelog.name. There is no way back after this.");
        boolean notNull = Boolean.TRUE.equals(run.state.step().legacyNameNotNull());
        run.runner().run(new Steps(notNull).contract());
        run.state.setStep(SchemaState.Stage.CONTRACTED.name());
        run.out.println("contract: done; namelog.name is gone");
        return ExitCode.OK;
    }
}
