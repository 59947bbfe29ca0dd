package org.namelog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.namelog.bench.backfill.BackfillOptions;
import org.namelog.bench.backfill.BackfillReport;
import org.namelog.bench.backfill.BackfillResults;
import org.namelog.bench.backfill.BackfillRun;
import org.namelog.bench.backfill.Strategy;
import org.namelog.bench.dao.DaoBenchmark;
import org.namelog.testbed.Dataset;
import org.namelog.bench.report.BenchmarksDocument;
import org.namelog.bench.server.BenchServer;
import org.namelog.testbed.Durability;
import org.namelog.testbed.Postgres;

/**
 * Both benchmarks at smoke size, so that they cannot rot: they run to the end and produce every
 * figure. Nothing about speed is asserted. Figures go to a temporary file, never to docs/.
 */
class BenchmarksSmokeIT {

    private static final Dataset SMOKE = new Dataset(20_000, 2_000);
    private static Postgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        // fast durability: the smoke test checks that the benchmarks run, not their figures
        server = BenchServer.start(null, null, null, Durability.FAST);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSqlRecipesProduceEveryFigureIsolatedAndUnderLoad() {
        BackfillResults results = runBackfill(List.of(Strategy.ONE_STATEMENT, Strategy.SEED_RECIPE));

        assertEveryFigure(results, 4);
        String doc = writeDocument(results);
        assertThat(doc).contains("1 one statement", "2 seed recipe", "writers alone (idle baseline)", "### Targets",
                "- cores (`nproc`): ", "java -jar benchmarks/target/benchmarks.jar backfill --rows 20000");
    }

    /**
     * Ours runs the migration tool's jar, which the reactor builds before this module. Missing, this
     * fails: a benchmark that silently leaves ours out would show nothing. With 2 and 4 workers it
     * runs isolated only.
     */
    @Test
    void oursProducesEveryFigureIsolatedAndUnderLoad() {
        Path jar = migrateJar();
        assertThat(jar).as("the migration tool's jar %s is missing: build it from the repository root with"
                + " ./mvnw -q -DskipTests package (the full reactor builds it before this test)", jar).isRegularFile();

        BackfillResults results = runBackfill(List.of(Strategy.ONE_STATEMENT, Strategy.OURS, Strategy.OURS_THROTTLED,
                Strategy.OURS_2_WORKERS, Strategy.OURS_4_WORKERS));

        // five isolated, three under load: the worker strategies run isolated only
        assertEveryFigure(results, 8);
        assertThat(results.runs()).filteredOn(run -> run.strategy().workers() > 1)
                .extracting(run -> run.strategy() + (run.underLoad() ? " under load" : " isolated"))
                .containsExactly("OURS_2_WORKERS isolated", "OURS_4_WORKERS isolated");
        BackfillReport report = new BackfillReport(results);
        assertThat(report.targets().rows()).filteredOn(row -> !row.get(0).contains("seed recipe"))
                .allSatisfy(row -> assertThat(row.get(1)).doesNotContain("not measured"));
        assertThat(report.workers().rows()).extracting(row -> row.get(0)).containsExactly("1", "2", "4");
        assertThat(report.workers().rows()).allSatisfy(row -> assertThat(row).doesNotContain("–")
                .noneMatch(cell -> cell.contains("not measured")));
        assertThat(writeDocument(results)).contains("### Workers (isolated)", "5 ours, 2 workers", "6 ours, 4 workers");
        // the tool itself says how many workers it ran with
        for (int workers : new int[] {2, 4}) {
            assertThat(dir.resolve("namelog-migrate-ours-" + workers + "-workers-isolated.log"))
                    .as("the tool's log of ours with --workers %d", workers).content().contains(workers + " workers");
        }
    }

    @Test
    void theDaoBenchmarkProducesEveryFigure() throws Exception {
        Path output = dir.resolve("BENCHMARKS.md");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = DaoBenchmark.commandLine().execute("--jdbc-url", server.jdbcUrl("postgres"), "--rows", "2000",
                    "--names", "200", "--forks", "0", "--warmup-iterations", "0", "--iterations", "2",
                    "--iteration-millis", "100", "--threads", "1,2", "--output", output.toString());
        } finally {
            System.setOut(original);
        }

        assertThat(exit).as("dao benchmark exit code; it printed:%n%s", printed).isZero();
        String doc = Files.readString(output);
        assertThat(doc).contains("## DAO paths (JMH)", "### 1 calling thread(s)", "### 2 calling thread(s)",
                "every throughput's error ≤ 10 % of its score", "insert DUAL, every name new ≥ 0.5× LEGACY");
        for (String row : List.of("| insert | LEGACY |", "| insert | DUAL_WARM_CACHE |", "| insert | DUAL_NEW_NAME |",
                "| insert | NEW |", "| readById | LEGACY |", "| readById | NEW |", "| readByName | LEGACY |",
                "| readByName | NEW |")) {
            String line = doc.lines().filter(l -> l.startsWith(row)).findFirst().orElse("");
            assertThat(line).as("row %s of the DAO table", row).isNotEmpty();
            // every figure but the error, which JMH leaves out of a smoke run this short
            List<String> cells = List.of(line.split("\\|"));
            assertThat(cells.subList(0, 4)).as("row %s", row).doesNotContain(" – ");
            assertThat(cells.subList(5, cells.size())).as("row %s", row).doesNotContain(" – ");
        }
        // every target was measured; only the error check may be unjudged in a smoke run
        assertThat(doc.lines().filter(l -> l.contains("not measured")))
                .allMatch(l -> l.startsWith("| every throughput's error"));
    }

    private BackfillResults runBackfill(List<Strategy> strategies) {
        BackfillOptions options = new BackfillOptions(SMOKE, strategies, true, true, 4, Duration.ZERO,
                Duration.ofSeconds(2), 5_000, migrateJar(), List.of(), dir.resolve("BENCHMARKS.md"), dir, "pgbench");
        return new BackfillRun(options, server, System.out)
                .measure("java -jar benchmarks/target/benchmarks.jar backfill --rows 20000");
    }

    private static void assertEveryFigure(BackfillResults results, int runs) {
        assertThat(results.baseline()).hasValueSatisfying(b -> assertThat(b.operations()).isPositive());
        assertThat(results.runs()).hasSize(runs).allSatisfy(run -> {
            assertThat(run.seconds()).isPositive();
            assertThat(run.walBytes()).isPositive();
            assertThat(run.after().tableBytes()).isGreaterThan(run.before().tableBytes());
            assertThat(run.after().totalBytes()).isGreaterThan(run.after().tableBytes());
            assertThat(run.missing()).as("rows left without name_id by %s", run.strategy()).isZero();
            assertThat(run.wrong()).as("rows with a wrong name_id after %s", run.strategy()).isZero();
            assertThat(run.timestampUnchanged()).as("\"timestamp\" unchanged by %s", run.strategy()).isTrue();
            assertThat(run.writers().isPresent()).isEqualTo(run.underLoad());
            run.writers().ifPresent(w -> {
                assertThat(w.operations()).isPositive();
                assertThat(w.maxMillis()).isGreaterThanOrEqualTo(w.p99Millis()).isGreaterThanOrEqualTo(w.p50Millis());
            });
        });
        assertThat(results.machine().postgres()).isNotBlank();
    }

    private String writeDocument(BackfillResults results) {
        Path output = dir.resolve("BENCHMARKS.md");
        new BenchmarksDocument(output).writeSection(BackfillReport.SECTION, new BackfillReport(results).markdown());
        try {
            return Files.readString(output);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path migrateJar() {
        return Path.of(System.getProperty("namelog.bench.migrate-jar", "../migration/target/namelog-migrate.jar"))
                .toAbsolutePath().normalize();
    }
}
