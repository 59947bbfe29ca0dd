package org.namelog.bench.dao;

import static org.namelog.bench.report.Figures.count;
import static org.namelog.bench.report.Figures.micros;
import static org.namelog.bench.report.Figures.ratio;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.namelog.bench.report.TextTable;
import org.namelog.bench.server.Machine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/** The DAO benchmark's figures as a table, and its section of docs/BENCHMARKS.md. */
public final class DaoReport {

    static final String SECTION = "dao";

    /** The operations in the order the table shows them, each with its paths. */
    static final Map<String, List<String>> OPERATIONS = orderedOperations();

    private final String command;
    private final Machine machine;
    private final long rows;
    private final int names;
    private final int threads;
    private final Collection<RunResult> throughput;
    private final Collection<RunResult> latency;

    public DaoReport(String command, Machine machine, long rows, int names, int threads,
            Collection<RunResult> throughput, Collection<RunResult> latency) {
        this.command = command;
        this.machine = machine;
        this.rows = rows;
        this.names = names;
        this.threads = threads;
        this.throughput = List.copyOf(throughput);
        this.latency = List.copyOf(latency);
    }

    /** One row per operation and path. */
    public TextTable table() {
        TextTable table = new TextTable(List.of("operation", "path", "throughput (ops/s)", "error", "× LEGACY",
                "mean latency", "p50", "p99", "max"));
        OPERATIONS.forEach((operation, paths) -> {
            for (String path : paths) {
                Optional<RunResult> thrpt = find(throughput, operation, path);
                Optional<RunResult> sample = find(latency, operation, path);
                if (thrpt.isEmpty() && sample.isEmpty()) {
                    continue;
                }
                Optional<Statistics> lat = sample.map(r -> r.getPrimaryResult().getStatistics());
                table.add(List.of(operation, path,
                        thrpt.map(r -> count(r.getPrimaryResult().getScore())
                                + (Double.isFinite(r.getPrimaryResult().getScoreError())
                                        ? " ± " + count(r.getPrimaryResult().getScoreError()) : ""))
                                .orElse("–"),
                        thrpt.map(r -> percent(relativeError(r))).orElse("–"),
                        ratio(throughputRatio(operation, path)),
                        lat.map(s -> micros(s.getMean())).orElse("–"),
                        lat.map(s -> micros(s.getPercentile(50))).orElse("–"),
                        lat.map(s -> micros(s.getPercentile(99))).orElse("–"),
                        lat.map(s -> micros(s.getMax())).orElse("–")));
            }
        });
        return table;
    }

    /** The DAO targets, and whether the figures are precise enough to judge them. */
    public TextTable targets() {
        TextTable table = new TextTable(List.of("target (" + threads + " thread(s))", "measured", "met"));
        double worst = throughput.stream().mapToDouble(DaoReport::relativeError).filter(Double::isFinite).max()
                .orElse(Double.NaN);
        table.add(List.of("every throughput's error ≤ 10 % of its score", percent(worst),
                Double.isNaN(worst) ? "not measured" : worst <= 0.10 ? "yes" : "no: rerun on a quiet machine"
                        + " or with more --forks/--iterations"));
        double insert = throughputRatio("insert", "DUAL_WARM_CACHE");
        table.add(List.of("insert DUAL, warm cache ≥ 0.9× LEGACY throughput", ratio(insert),
                Double.isNaN(insert) ? "not measured" : insert >= 0.9 ? "yes" : "no"));
        double fresh = throughputRatio("insert", "DUAL_NEW_NAME");
        table.add(List.of("insert DUAL, every name new ≥ 0.5× LEGACY throughput", ratio(fresh),
                Double.isNaN(fresh) ? "not measured" : fresh >= 0.5 ? "yes" : "no"));
        double read = meanLatency("readById", "NEW") / meanLatency("readById", "LEGACY");
        table.add(List.of("read by id NEW within 1.2× of LEGACY mean latency", ratio(read),
                Double.isNaN(read) ? "not measured" : read <= 1.2 ? "yes" : "no"));
        return table;
    }

    /** The section of docs/BENCHMARKS.md: one table and its targets per thread count. */
    public static String markdown(List<DaoReport> reports) {
        DaoReport first = reports.get(0);
        StringBuilder md = new StringBuilder();
        md.append("## DAO paths (JMH)\n\n");
        md.append("Measured ").append(LocalDate.now(ZoneOffset.UTC)).append(" with:\n\n```\n").append(first.command)
                .append("\n```\n\nMachine:\n\n");
        first.machine.markdown().forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        for (DaoReport report : reports) {
            md.append(report.markdown());
        }
        return md.toString();
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### ").append(threads).append(" calling thread(s)\n\n");
        md.append(String.format(Locale.ROOT, "Each JMH trial starts its own database with %,d rows (%,d"
                + " distinct names, Zipf-like), expanded and backfilled as in READ_NEW. The DAO is the real one"
                + " (`NameLogDao.create` over a HikariCP pool, `StaticFlagSource` of the phase), called from %d"
                + " thread(s). Throughput: JMH mode thrpt; latency: mode sample (every call timed).\n\n",
                rows, names, threads));
        md.append(table().markdown()).append('\n');
        md.append("- insert LEGACY: phase LEGACY; DUAL_WARM_CACHE: DUAL_WRITE with every name in the DAO's cache"
                + " (each name written once before measuring); DUAL_NEW_NAME: DUAL_WRITE, every name never seen"
                + " (the Name row is inserted in the same statement); NEW: NEW_ONLY, cache warm.\n");
        md.append("- read LEGACY: phase LEGACY (the text); NEW: phase READ_NEW (a join to name through name_id"
                + " only: from READ_NEW on, reads never fall back to the text).\n");
        md.append("- read by name: first page of " + ReadByNameBenchmark.PAGE + " entries of a name chosen"
                + " uniformly among the distinct names.\n\n");
        md.append("Targets, ").append(threads).append(" thread(s):\n\n").append(targets().markdown()).append('\n');
        return md.toString();
    }

    /** JMH's 99.9 % confidence half-width as a share of the score. */
    private static double relativeError(RunResult result) {
        double score = result.getPrimaryResult().getScore();
        double error = result.getPrimaryResult().getScoreError();
        return score > 0 && Double.isFinite(error) ? error / score : Double.NaN;
    }

    private static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "± %.1f %%", share * 100) : "–";
    }

    private double throughputRatio(String operation, String path) {
        Optional<Double> own = find(throughput, operation, path).map(r -> r.getPrimaryResult().getScore());
        Optional<Double> legacy = find(throughput, operation, "LEGACY").map(r -> r.getPrimaryResult().getScore());
        return own.isPresent() && legacy.isPresent() ? own.get() / legacy.get() : Double.NaN;
    }

    private double meanLatency(String operation, String path) {
        return find(latency, operation, path).map(r -> r.getPrimaryResult().getStatistics().getMean())
                .orElse(Double.NaN);
    }

    private static Optional<RunResult> find(Collection<RunResult> results, String operation, String path) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + operation))
                .filter(r -> path.equals(r.getParams().getParam("path")))
                .findFirst();
    }

    private static Map<String, List<String>> orderedOperations() {
        Map<String, List<String>> operations = new LinkedHashMap<>();
        operations.put("insert", List.of("LEGACY", "DUAL_WARM_CACHE", "DUAL_NEW_NAME", "NEW"));
        operations.put("readById", List.of("LEGACY", "NEW"));
        operations.put("readByName", List.of("LEGACY", "NEW"));
        return operations;
    }
}
