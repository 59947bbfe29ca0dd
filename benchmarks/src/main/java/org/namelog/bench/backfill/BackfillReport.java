package org.namelog.bench.backfill;

import static org.namelog.bench.report.Figures.bytes;
import static org.namelog.bench.report.Figures.count;
import static org.namelog.bench.report.Figures.millis;
import static org.namelog.bench.report.Figures.ratio;
import static org.namelog.bench.report.Figures.seconds;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.namelog.bench.report.TextTable;

/** The backfill benchmark's figures as a table, and its section of docs/BENCHMARKS.md. */
public final class BackfillReport {

    public static final String SECTION = "backfill";

    /** Ours isolated with 1, 2 and 4 workers, the scaling the Workers table shows. */
    private static final List<Strategy> WORKER_SCALING =
            List.of(Strategy.OURS, Strategy.OURS_2_WORKERS, Strategy.OURS_4_WORKERS);

    private final BackfillResults results;

    public BackfillReport(BackfillResults results) {
        this.results = results;
    }

    /** One row per strategy and mode, plus the writers' idle baseline. */
    public TextTable table() {
        TextTable table = new TextTable(List.of("strategy", "writers", "rows/s", "× one stmt", "time", "WAL",
                "table before → after", "with indexes before → after", "dead tuples", "\"timestamp\" unchanged",
                "complete", "writer tps × idle", "writer p50", "writer p99", "writer max", "longest gap without a commit",
                "writer errors"));
        results.baseline().ifPresent(b -> table.add(List.of("writers alone (idle baseline)", "load",
                "–", "–", seconds(b.seconds()), "–", "–", "–", "–", "–", "–",
                count(b.tps()) + " tps", millis(b.p50Millis()), millis(b.p99Millis()), millis(b.maxMillis()),
                millis(b.longestGapMillis()), Long.toString(b.errors()))));
        for (StrategyRun run : results.runs()) {
            Optional<WriterFigures> w = run.writers();
            table.add(List.of(run.strategy().label(), run.underLoad() ? "load" : "none",
                    count(run.rowsPerSecond()), ratio(results.ratioToOneStatement(run)), seconds(run.seconds()),
                    bytes(run.walBytes()),
                    bytes(run.before().tableBytes()) + " → " + bytes(run.after().tableBytes()),
                    bytes(run.before().totalBytes()) + " → " + bytes(run.after().totalBytes()),
                    count(run.deadTuples()),
                    run.timestampUnchanged() ? "yes" : "no (" + count(run.changedTimestamps()) + " rows)",
                    run.missing() == 0 && run.wrong() == 0 ? "yes"
                            : "no (" + run.missing() + " missing, " + run.wrong() + " wrong)",
                    w.map(x -> ratio(results.writerTpsRatio(x)) + " (" + count(x.tps()) + ")").orElse("–"),
                    w.map(x -> millis(x.p50Millis())).orElse("–"),
                    w.map(x -> millis(x.p99Millis())).orElse("–"),
                    w.map(x -> millis(x.maxMillis())).orElse("–"),
                    w.map(x -> millis(x.longestGapMillis())).orElse("–"),
                    w.map(x -> Long.toString(x.errors())).orElse("–")));
        }
        return table;
    }

    /** Whether the options ask for ours with several workers, so that there is a scaling to show. */
    public boolean showsWorkers() {
        return results.options().strategies().stream().anyMatch(s -> s.workers() > 1);
    }

    /**
     * Ours isolated with 1, 2 and 4 workers (those the options ask for): rows/s against one statement
     * and against one worker, and the estimate's prediction beside the real duration.
     */
    public TextTable workers() {
        TextTable table = new TextTable(List.of("workers", "strategy", "rows/s", "× one stmt", "× one worker", "time",
                "estimate (real ÷ estimate)"));
        Optional<StrategyRun> oneWorker = results.run(Strategy.OURS, false);
        for (Strategy strategy : WORKER_SCALING) {
            if (!results.options().strategies().contains(strategy)) {
                continue;
            }
            String workers = Integer.toString(strategy.workers());
            Optional<StrategyRun> found = results.run(strategy, false);
            if (found.isEmpty()) {
                table.add(List.of(workers, strategy.label(), "not measured in this run", "–", "–", "–", "–"));
                continue;
            }
            StrategyRun run = found.get();
            table.add(List.of(workers, strategy.label(), count(run.rowsPerSecond()),
                    ratio(results.ratioToOneStatement(run)),
                    ratio(oneWorker.map(one -> run.rowsPerSecond() / one.rowsPerSecond()).orElse(Double.NaN)),
                    seconds(run.seconds()),
                    run.estimateSeconds().map(e -> seconds(e) + " (" + ratio(run.seconds() / e) + ")").orElse("–")));
        }
        return table;
    }

    /** The targets for ours, each with the measured value and how far it is. */
    public TextTable targets() {
        TextTable table = new TextTable(List.of("target (ours)", "measured", "met", "how far"));
        Optional<StrategyRun> oursIsolated = results.run(Strategy.OURS, false);
        Optional<StrategyRun> oursLoaded = results.run(Strategy.OURS, true);
        Optional<StrategyRun> seedIsolated = results.run(Strategy.SEED_RECIPE, false);
        Optional<StrategyRun> seedLoaded = results.run(Strategy.SEED_RECIPE, true);
        Optional<StrategyRun> throttledLoaded = results.run(Strategy.OURS_THROTTLED, true);

        atLeast(table, "isolated rows/s ≥ 1.0× one statement", oursIsolated.map(results::ratioToOneStatement),
                1.0, "×");
        // the target is set for 2 cores: elsewhere the figure still prints, with the cores it had
        int cores = results.machine().cores();
        atLeast(table, "isolated, --workers 2, rows/s ≥ 1.2× one statement (2 cores"
                        + (cores == 2 ? "" : "; measured on " + cores) + ")",
                results.run(Strategy.OURS_2_WORKERS, false).map(results::ratioToOneStatement), 1.2, "×");
        atLeast(table, "under load, rows/s ≥ 1.5× seed recipe under the same load", oursLoaded.flatMap(o -> seedLoaded
                .map(s -> o.rowsPerSecond() / s.rowsPerSecond())), 1.5, "×");
        atMost(table, "under load, writer max ≤ 100 ms", oursLoaded.flatMap(StrategyRun::writers)
                .map(WriterFigures::maxMillis), 100, " ms");
        Optional<Double> seedP99 = seedLoaded.flatMap(StrategyRun::writers).map(WriterFigures::p99Millis);
        atMost(table, "under load, writer p99 ≤ 1.1× seed recipe's (" + seedP99.map(p -> millis(p)).orElse("–") + ")",
                oursLoaded.flatMap(StrategyRun::writers).map(WriterFigures::p99Millis),
                seedP99.map(p -> p * 1.1).orElse(Double.NaN), " ms");
        Function<StrategyRun, Double> growth = r -> (double) r.after().tableBytes() / r.before().tableBytes();
        atMost(table, "isolated, table after ≤ 1.3× before", oursIsolated.map(growth), 1.3, "×");
        atMost(table, "under load, table after ≤ 1.3× before", oursLoaded.map(growth), 1.3, "×");
        atLeast(table, "throttled: writers keep ≥ 0.9× idle tps (--max-rows-per-second "
                        + results.options().throttleRowsPerSecond() + ")",
                throttledLoaded.flatMap(StrategyRun::writers).map(results::writerTpsRatio), 0.9, "×");
        // the real duration over the prediction: within ±25 % means 0.75 to 1.25
        atLeast(table, "isolated, real duration ≥ 0.75× estimate's", oursIsolated.flatMap(StrategyRun::estimateError),
                0.75, "×");
        atMost(table, "isolated, real duration ≤ 1.25× estimate's", oursIsolated.flatMap(StrategyRun::estimateError),
                1.25, "×");
        return table;
    }

    /** The Markdown section: command, machine, dataset, the table, the targets. */
    public String markdown() {
        BackfillOptions o = results.options();
        StringBuilder md = new StringBuilder();
        md.append("## Backfill: ours against the recipes teams use today\n\n");
        if (results.runs().size() < results.plannedRuns()) {
            md.append(String.format(Locale.ROOT, "**Partial: %d of %d runs so far** (the section is rewritten after"
                    + " every run; this one is still going or was stopped).%n%n", results.runs().size(),
                    results.plannedRuns()));
        }
        md.append("Measured ").append(LocalDate.now(ZoneOffset.UTC)).append(" with:\n\n```\n")
                .append(results.command()).append("\n```\n\n");
        md.append("Machine:\n\n");
        results.machine().markdown().forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        md.append(String.format(Locale.ROOT, "Dataset: %,d rows, names drawn from %,d distinct names of 20"
                + " characters with a Zipf-like (s = 1) distribution (%,d distinct names occur), the legacy"
                + " schema V1 with its BEFORE UPDATE trigger on \"timestamp\"; each strategy runs on its own"
                + " fresh copy of one template database, expanded (V2 to V5) and checkpointed right before"
                + " it starts.\n\n", o.dataset().rows(), o.dataset().names(), results.distinctNames()));
        md.append(String.format(Locale.ROOT, "Writer load: pgbench with %d connections, closed loop, as services"
                + " in DUAL_WRITE write: %d%% single-row status updates at random ids, %d%% inserts that look up"
                + " or insert their name in the same statement; %s warm-up before"
                + " each strategy (not measured); idle baseline %s of the writers alone on a fresh copy.\n\n",
                o.writers(), Math.round(WriterLoad.UPDATE_SHARE * 100), Math.round((1 - WriterLoad.UPDATE_SHARE) * 100),
                seconds(o.writerWarmup().toMillis() / 1000.0), seconds(o.baseline().toMillis() / 1000.0)));
        md.append(table().markdown()).append('\n');
        md.append("- rows/s: dataset rows / wall-clock time of the backfill; for ours that is the whole life of")
                .append(" the tool's JVM (start-up included), launched as `java -jar ").append(o.migrateJar())
                .append(" backfill ...`")
                .append(o.migrateOptions().isEmpty() ? "" : " with `" + String.join(" ", o.migrateOptions()) + "`")
                .append("; the throttled run adds `--max-rows-per-second ").append(o.throttleRowsPerSecond())
                .append("`.")
                .append(results.toolStartSeconds().map(s -> " Starting the tool's JVM alone (`--help`) takes "
                        + seconds(s) + " of that.").orElse(""))
                .append('\n');
        if (showsWorkers()) {
            md.append("- Strategies 5 and 6 are ours with `--workers 2` and `--workers 4`, otherwise as strategy 3;")
                    .append(" they run isolated only (under the writer load only strategies 1 to 4 run).\n");
        }
        if (results.options().strategies().contains(Strategy.OURS_GUARD)) {
            md.append("- Strategy 7 is ours with `--trigger-mode guc` (the tool's guard trigger puts \"timestamp\" back;")
                    .append(" every trigger and foreign-key check fires), what a table with other triggers gets;")
                    .append(" isolated only.\n");
        }
        md.append("- × one stmt: rows/s as a multiple of strategy 1 in the same mode (isolated or under load).\n");
        md.append("- WAL: `pg_current_wal_lsn()` difference over the backfill; under load it includes the writers'")
                .append(" own WAL.\n");
        md.append("- table: `pg_table_size('namelog')`; with indexes: `pg_total_relation_size('namelog')`; both")
                .append(" right after the backfill, before any vacuum of ours. Dead tuples: ")
                .append(results.exactDeadTuples() ? "`pgstattuple`'s exact count" : "`n_dead_tup` (estimate)")
                .append(" right after. Autovacuum runs as configured on the server.\n");
        md.append("- \"timestamp\" unchanged: no dataset row has another \"timestamp\" than it was loaded with,")
                .append(" leaving out the rows the writers updated (their own updates refresh it through the")
                .append(" trigger, on purpose). Strategies 1 and 2 run as teams run them, in a session with")
                .append(" `SET session_replication_role = replica`, so the trigger does not fire for them either;")
                .append(" ours at its default (`--trigger-mode auto`) takes replica too, since the dataset has no")
                .append(" other trigger, and checks the foreign key after its last batch.\n");
        md.append("- complete: no row with a name but no `name_id`, and none whose `name_id` names another text.\n");
        md.append("- writer tps × idle: writes per second during the backfill as a multiple of the idle baseline;")
                .append(" latencies are per writer transaction, from pgbench's per-transaction log.\n\n");
        if (showsWorkers()) {
            md.append("### Workers (isolated)\n\n");
            md.append(String.format(Locale.ROOT, "Ours with `--workers 1` (strategy 3, the defaults), 2 and 4, each"
                    + " isolated on a fresh copy of its own, on this machine's %d cores.%n%n", results.machine().cores()));
            md.append(workers().markdown()).append('\n');
            md.append("- × one worker: rows/s as a multiple of strategy 3's (`--workers 1`), isolated.\n");
            md.append("- estimate: what the tool's `estimate`, with the same options, predicted on a copy of its own")
                    .append(" right before, and the real duration as a multiple of it (1.00×: exact).\n\n");
        }
        md.append("### Targets\n\n").append(targets().markdown());
        return md.toString();
    }

    private static void atLeast(TextTable table, String target, Optional<Double> measured, double bound,
            String unit) {
        compare(table, target, measured, bound, unit, true);
    }

    private static void atMost(TextTable table, String target, Optional<Double> measured, double bound,
            String unit) {
        compare(table, target, measured, bound, unit, false);
    }

    private static void compare(TextTable table, String target, Optional<Double> measured, double bound,
            String unit, boolean atLeast) {
        if (measured.isEmpty() || Double.isNaN(bound) || Double.isNaN(measured.get())) {
            table.add(List.of(target, "not measured in this run", "–", "–"));
            return;
        }
        double value = measured.get();
        boolean met = atLeast ? value >= bound : value <= bound;
        String shown = unit.equals("×") ? ratio(value) : millis(value);
        String far = met ? "–" : String.format(Locale.ROOT, "%s %.0f%% %s the bound",
                unit.equals("×") ? ratio(value) + " vs " + ratio(bound) + ":" : millis(value) + " vs "
                        + millis(bound) + ":",
                Math.abs(value / bound - 1) * 100, atLeast ? "below" : "above");
        table.add(new ArrayList<>(List.of(target, shown, met ? "yes" : "no", far)));
    }
}
