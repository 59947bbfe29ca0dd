package org.namelog.migration;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.namelog.migration.backfill.Backfill;
import org.namelog.migration.backfill.StopSignal;
import org.namelog.migration.metrics.BackfillGauges;
import org.namelog.migration.rollout.Move;
import org.namelog.migration.rollout.RolloutFacts.OperatorOption;
import org.namelog.migration.step.SchemaState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", description = "Fills name_id in keyset batches (resumable, throttled), then sweeps the rows still missing it.")
final class BackfillCommand extends DatabaseCommand {

    @Mixin
    BackfillOptions options;

    @Option(names = "--from-start", description = "forget the checkpoint and walk the whole table again"
            + " (after a period back in LEGACY: renames there left name_id stale)")
    boolean fromStart;

    @Override
    String name() {
        return "backfill";
    }

    @Override
    boolean changesSchemaOrData() {
        return true;
    }

    @Override
    int execute(RunContext run) {
        var settings = options.settings(root.lockTimeout, root.maxDdlRetries, System.console() != null);
        if (fromStart) {
            run.require(Move.BACKFILL, OperatorOption.FROM_START);
        } else {
            run.require(Move.BACKFILL);
        }
        if (fromStart) {
            run.state.deleteCheckpoint(Backfill.Direction.FORWARD.key());
            run.out.println("backfill: checkpoint reset, walking the whole table from the start");
        }
        StopSignal stop = new StopSignal();
        Thread hook = new Thread(() -> {
            stop.request();
            try {
                stop.awaitFinished(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "namelog-migrate-stop-after-batch");
        Runtime.getRuntime().addShutdownHook(hook);
        try (BackfillGauges gauges = root.metrics.backfill(Backfill.Direction.FORWARD.key())) {
            Backfill backfill = new Backfill(run.database, run.state, settings, run.out, stop, Clock.systemDefaultZone())
                    .observe(gauges.asObserver());
            Backfill.Result result = backfill.run(Backfill.Direction.FORWARD);
            if (result.rowsUpdated() > 0) {
                run.state.clearVerified();
            }
            run.out.println("next: namelog-migrate verify");
            return ExitCode.OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
    }

    static void requireExpanded(RunContext run, String command) {
        SchemaState.Stage stage = run.schema().stage();
        if (stage == SchemaState.Stage.CONTRACTED) {
            throw MigrationException.prerequisite("the legacy column is dropped: there is nothing to " + command);
        }
        if (stage.ordinal() < SchemaState.Stage.EXPANDED.ordinal()) {
            throw MigrationException.prerequisite(command + " needs the expanded schema (it is " + stage
                    + "): run namelog-migrate expand first");
        }
    }
}
