package org.namelog.bench.backfill;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.namelog.bench.BenchmarkException;
import org.namelog.bench.report.Figures;
import org.namelog.bench.server.BenchServer;
import org.namelog.bench.server.Machine;
import org.namelog.schema.SchemaScript;
import org.namelog.schema.SchemaScripts;
import org.namelog.testbed.Postgres;

/**
 * Runs the backfill benchmark on one server: loads the dataset once into a template database,
 * then runs every strategy on its own fresh copy, isolated and then (those that run under load) under
 * the writer load.
 */
public final class BackfillRun {

    static final String TEMPLATE = "namelog_bench_template";
    static final String COPY = "namelog_bench_run";
    private static final int[] EXPAND = {2, 3, 4, 5};

    private final BackfillOptions options;
    private final Postgres target;
    private final PrintStream progress;
    private final SchemaScripts scripts = SchemaScripts.load();
    private boolean exactDeadTuples;

    public BackfillRun(BackfillOptions options, Postgres target, PrintStream progress) {
        this.options = options;
        this.target = target;
        this.progress = progress;
    }

    /** Measures every strategy in every mode; the databases it made are dropped afterwards. */
    public BackfillResults measure(String command) {
        return measure(command, partial -> { });
    }

    /**
     * As {@link #measure(String)}, handing the results so far to {@code afterEachRun} after every
     * strategy, so that a long run that is stopped half-way still leaves its figures.
     */
    public BackfillResults measure(String command, java.util.function.Consumer<BackfillResults> afterEachRun) {
        MigrationTool tool = new MigrationTool(options.migrateJar(), options.logDirectory());
        Optional<Double> toolStart = Optional.empty();
        if (options.runsMigrationTool()) {
            tool.requirePresent();
            toolStart = Optional.of(tool.startupSeconds());
        }
        try {
            long distinct = loadTemplate();
            Machine machine = Machine.describe(target);
            List<StrategyRun> runs = new ArrayList<>();
            Optional<Double> start = toolStart;
            java.util.function.Function<Optional<WriterFigures>, BackfillResults> sofar = baseline ->
                    new BackfillResults(command, options, machine, distinct, exactDeadTuples, start, baseline, runs);
            if (options.isolated()) {
                for (Strategy strategy : options.strategies()) {
                    runs.add(runStrategy(strategy, false, tool));
                    afterEachRun.accept(sofar.apply(Optional.empty()));
                }
            }
            Optional<WriterFigures> baseline = Optional.empty();
            if (options.underLoad()) {
                baseline = Optional.of(measureBaseline());
                for (Strategy strategy : options.strategiesUnderLoad()) {
                    runs.add(runStrategy(strategy, true, tool));
                    afterEachRun.accept(sofar.apply(baseline));
                }
            }
            return sofar.apply(baseline);
        } catch (SQLException e) {
            throw new BenchmarkException("the backfill benchmark failed on " + target + ": " + e.getMessage(), e);
        } finally {
            target.dropDatabase(COPY);
            target.dropDatabase(TEMPLATE);
        }
    }

    private long loadTemplate() throws SQLException {
        long started = System.nanoTime();
        say("loading %,d rows (%,d names) into the template database...", options.dataset().rows(),
                options.dataset().names());
        BenchServer.recreateDatabase(target, TEMPLATE, null);
        try (Connection c = target.connect(TEMPLATE)) {
            apply(c, scripts.forward(1));
            exactDeadTuples = tryCreatePgstattuple(c);
            options.dataset().load(c);
            long distinct = queryLong(c, "SELECT count(DISTINCT name) FROM namelog");
            say("loaded in %s: %s, %,d distinct names", Figures.seconds((System.nanoTime() - started) / 1e9),
                    Figures.bytes(TableState.measure(c).tableBytes()), distinct);
            return distinct;
        }
    }

    private WriterFigures measureBaseline() throws SQLException {
        freshCopy();
        say("idle baseline: %d writers alone for %s...", options.writers(),
                Figures.seconds(options.baseline().toMillis() / 1000.0));
        try (WriterLoad load = startWriters()) {
            load.startMeasuring();
            sleep(options.baseline().toMillis());
            WriterFigures figures = load.stop();
            figures.firstError().ifPresent(e -> say("  writer error: %s", e));
            say("  %s tps, p99 %s, max %s, longest gap without a commit %s", Figures.count(figures.tps()),
                    Figures.millis(figures.p99Millis()), Figures.millis(figures.maxMillis()),
                    Figures.millis(figures.longestGapMillis()));
            return figures;
        }
    }

    private StrategyRun runStrategy(Strategy strategy, boolean underLoad, MigrationTool tool) throws SQLException {
        freshCopy();
        String mode = underLoad ? "under load" : "isolated";
        say("%s, %s...", strategy.label(), mode);
        Optional<Double> estimate = Optional.empty();
        if (strategy.usesMigrationTool()) {
            // on a copy of its own: its rolled-back sample batches leave dead row versions and a warm
            // cache behind, which would flatter (or bloat) the run it predicts
            estimate = Optional.of(tool.estimateSeconds(target.jdbcUrl(COPY), target.user(), target.password(),
                    options.toolOptions(strategy), strategy.option() + "-" + mode + "-estimate"));
            freshCopy();
        }
        try (Connection monitor = target.connect(COPY)) {
            try (Statement s = monitor.createStatement()) {
                // every strategy starts right after a checkpoint, so each pays the same full-page images
                s.execute("CHECKPOINT");
            }
            WriterLoad load = underLoad ? startWriters() : null;
            try {
                TableState before = TableState.measure(monitor);
                if (load != null) {
                    load.startMeasuring();
                }
                long started = System.nanoTime();
                backfill(strategy, tool, mode);
                double seconds = (System.nanoTime() - started) / 1e9;
                Optional<WriterFigures> writers = load == null ? Optional.empty() : Optional.of(load.stop());
                writers.flatMap(WriterFigures::firstError).ifPresent(e -> say("  writer error: %s", e));
                TableState after = TableState.measure(monitor);
                long wal = after.walBytesSince(monitor, before);
                long dead = TableState.deadTuples(monitor, exactDeadTuples);
                long[] missingAndWrong = TableState.missingAndWrong(monitor);
                long changed = TableState.changedTimestamps(monitor, options.dataset(),
                        load == null ? 0 : WriterLoad.UPDATED_ID_MODULUS);
                StrategyRun run = new StrategyRun(strategy, underLoad, options.dataset().rows(), seconds, wal, before,
                        after, dead, missingAndWrong[0], missingAndWrong[1], changed, writers, estimate);
                say("  %s rows/s in %s, table %s -> %s%s", Figures.count(run.rowsPerSecond()),
                        Figures.seconds(seconds), Figures.bytes(before.tableBytes()), Figures.bytes(after.tableBytes()),
                        writers.map(w -> String.format(Locale.ROOT, ", writers %s tps, p99 %s, max %s, gap %s",
                                Figures.count(w.tps()), Figures.millis(w.p99Millis()), Figures.millis(w.maxMillis()),
                                Figures.millis(w.longestGapMillis())))
                                .orElse(""));
                return run;
            } finally {
                if (load != null) {
                    load.close();
                }
            }
        }
    }

    private void backfill(Strategy strategy, MigrationTool tool, String mode) throws SQLException {
        if (strategy.usesMigrationTool()) {
            tool.backfill(target.jdbcUrl(COPY), target.user(), target.password(), options.toolOptions(strategy),
                    strategy.option() + "-" + mode);
            return;
        }
        try (Connection c = target.connect(COPY)) {
            SqlRecipes.run(strategy, c);
        }
    }

    private WriterLoad startWriters() {
        WriterLoad load = WriterLoad.start(target, COPY, options.dataset(), options.writers(), options.pgbench());
        sleep(options.writerWarmup().toMillis());
        return load;
    }

    /** A copy of the template, expanded (V2 to V5) as the tool's expand step leaves it. */
    private void freshCopy() throws SQLException {
        BenchServer.recreateDatabase(target, COPY, TEMPLATE);
        try (Connection c = target.connect(COPY)) {
            for (int version : EXPAND) {
                apply(c, scripts.forward(version));
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE name");
                // the services would be on DUAL_WRITE (the tool backfills only then); none heartbeats here
                s.execute(stateTablesSql());
                s.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
            }
        }
    }

    private static String stateTablesSql() {
        try (var in = BackfillRun.class.getClassLoader().getResourceAsStream("db/state/namelog_state.sql")) {
            if (in == null) {
                throw new BenchmarkException("db/state/namelog_state.sql is not on the classpath (shared-dao)");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new BenchmarkException("cannot read the state tables' SQL: " + e.getMessage(), e);
        }
    }

    private static void apply(Connection c, SchemaScript script) {
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(script.sql());
        } catch (SQLException e) {
            throw new BenchmarkException("schema file " + script.fileName() + " failed: " + e.getMessage(), e);
        }
    }

    private boolean tryCreatePgstattuple(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
            return true;
        } catch (SQLException e) {
            say("pgstattuple is not available (%s): dead tuples are the statistics' estimate", e.getMessage());
            return false;
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void say(String format, Object... args) {
        progress.println(String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        }
    }
}
