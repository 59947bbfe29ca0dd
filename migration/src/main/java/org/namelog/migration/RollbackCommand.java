package org.namelog.migration;

import java.time.Clock;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.backfill.Backfill;
import org.namelog.migration.backfill.StopSignal;
import org.namelog.migration.rollout.Move;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.Steps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rollback", description = "Undoes the last step: from VALIDATED to EXPANDED (at READ_NEW after a reverse"
        + " backfill of name from name_id, which makes the text authoritative again), from EXPANDED to LEGACY.")
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
                run.require(Move.ROLLBACK_VALIDATE);
                if (run.phase() == Phase.READ_NEW) {
                    reverseBackfill(run, settings);
                }
                run.out.println("rollback of validate:");
                run.runner().run(steps.rollbackValidate());
                run.state.clearVerified();
                run.state.setStep(SchemaState.Stage.EXPANDED.name());
                run.out.println("rollback: back at EXPANDED (the fleet may go back to DUAL_WRITE)");
                return ExitCode.OK;
            }
            default -> {
                run.require(Move.ROLLBACK_EXPAND);
                run.out.println("rollback of expand (back to LEGACY):");
                // what a killed backfill may have left: the tool removes what it added (invariant 9)
                Backfill.removeTimestampGuard(run.database, root.lockTimeout, root.maxDdlRetries, run.out);
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

    /** The reverse backfill's row of the table: name from name_id, then the text is authoritative again. */
    private void reverseBackfill(RunContext run, org.namelog.migration.backfill.BackfillSettings settings) {
        run.require(Move.REVERSE_BACKFILL);
        Stamp started = run.state.stamp();
        run.out.println("reverse backfill of name from name_id (at READ_NEW, " + started + "):");
        try (var gauges = root.metrics.backfill(Backfill.Direction.REVERSE.key())) {
            new Backfill(run.database, run.state, settings, run.out, new StopSignal(), Clock.systemDefaultZone())
                    .observe(gauges.asObserver()).run(Backfill.Direction.REVERSE);
        }
        run.state.deleteCheckpoint(Backfill.Direction.REVERSE.key());
        run.state.clearVerified();
        if (!run.state.markTextAuthoritative(started.epoch())) {
            throw MigrationException.prerequisite("the fleet changed phase while the reverse backfill ran, so the"
                    + " text is not known to be authoritative: move the fleet back to READ_NEW and run rollback again");
        }
        run.out.println("the text is authoritative again: the fleet may go back to DUAL_WRITE");
    }
}
