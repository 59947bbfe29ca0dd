package org.namelog.migration;

import java.time.Clock;
import java.time.Duration;
import org.namelog.migration.backfill.Backfill;
import org.namelog.migration.backfill.StopSignal;
import java.util.Map;
import org.namelog.migration.output.Json;
import org.namelog.migration.output.OutputOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "estimate", description = "Runs sample backfill batches spread over the table in transactions that are rolled back, and extrapolates the backfill's duration (run it against a copy of production first). Changes nothing: no trigger, no function, no checkpoint.")
final class EstimateCommand extends DatabaseCommand {

    @Mixin
    BackfillOptions options;

    @Option(names = "--samples", defaultValue = "8", paramLabel = "N", description = "sample batches per worker (default: ${DEFAULT-VALUE})")
    int samples;

    @Mixin
    OutputOption output;

    @Override
    boolean jsonOutput() {
        return output.json();
    }

    @Override
    String name() {
        return "estimate";
    }

    @Override
    boolean changesSchemaOrData() {
        return false;
    }

    @Override
    int execute(RunContext run) {
        var settings = options.settings(root.lockTimeout, root.maxDdlRetries, false);
        BackfillCommand.requireExpanded(run, "estimate");
        Backfill backfill = new Backfill(run.database, run.state, settings, run.out, new StopSignal(),
                Clock.systemDefaultZone());
        Backfill.Estimate e = backfill.estimate(samples);
        if (output.json()) {
            Map<String, Object> doc = Json.document();
            doc.put("samples", e.samples());
            doc.put("sampledIds", e.sampledIds());
            doc.put("sampledRows", e.sampledRows());
            doc.put("sampledMillis", Json.millis(e.sampledTime()));
            doc.put("remainingIds", e.remainingIds());
            doc.put("sweepMillis", Json.millis(e.sweepTime()));
            doc.put("workers", settings.workers());
            doc.put("projectedSeconds", e.projected().toMillis() / 1000.0);
            Json.print(root.out, doc);
            return ExitCode.OK;
        }
        if (e.sampledIds() == 0) {
            run.out.println("estimate: no rows left to backfill after the checkpoint");
            return ExitCode.OK;
        }
        run.out.println("estimate: " + e.samples() + " sample batches (rolled back) over " + e.sampledIds() + " ids: "
                + e.sampledRows() + " rows would change in " + e.sampledTime().toMillis() + "ms");
        run.out.println("estimate: " + e.remainingIds() + " ids left; projected backfill time " + format(e.projected())
                + " with " + settings.workers() + (settings.workers() == 1 ? " worker" : " workers")
                + " (final sweep included, about " + e.sweepTime().toMillis() + "ms a pass; live load changes it)");
        run.out.println("estimate-seconds: " + String.format(java.util.Locale.ROOT, "%.1f", e.projected().toMillis() / 1000.0));
        return ExitCode.OK;
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : d.toMillis() + "ms";
    }
}
