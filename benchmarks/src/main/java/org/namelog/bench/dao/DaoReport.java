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
        TextTable table = new TextTable(List.of("operation", "path", "throughput (ops/s)", "× LEGACY",
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
                        ratio(throughputRatio(operation, path)),
                        lat.map(s -> micros(s.getMean())).orElse("–"),
                        lat.map(s -> micros(s.getPercentile(50))).orElse("–"),
                        lat.map(s -> micros(s.getPercentile(99))).orElse("–"),
                        lat.map(s -> micros(s.getMax())).orElse("–")));
            }
        });
        return table;
    }

    /** The two DAO targets. */
    public TextTable targets() {
        TextTable table = new TextTable(List.of("target", "measured", "met"));
        double insert = throughputRatio("insert", "DUAL_WARM_CACHE");
        table.add(List.of("insert DUAL, warm cache ≥ 0.9× LEGACY throughput", ratio(insert),
                Double.isNaN(insert) ? "not measured" : insert >= 0.9 ? "yes" : "no"));
        double read = meanLatency("readById", "NEW") / meanLatency("readById", "LEGACY");
        table.add(List.of("read by id NEW within 1.2× of LEGACY mean latency", ratio(read),
                Double.isNaN(read) ? "not measured" : read <= 1.2 ? "yes" : "no"));
        return table;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## DAO paths (JMH)\n\n");
        md.append("Measured ").append(LocalDate.now(ZoneOffset.UTC)).append(" with:\n\n```\n").append(command)
                .append("\n```\n\nMachine:\n\n");
        machine.markdown().forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        md.append(String.format(Locale.ROOT, "Each JMH trial starts its own database with %,d rows (%,d"
                + " distinct names, Zipf-like), expanded and backfilled as in READ_NEW. The DAO is the real one"
                + " (`NameLogDao.create` over a HikariCP pool, `StaticFlagSource` of the phase), called from %d"
                + " thread(s). Throughput: JMH mode thrpt; latency: mode sample (every call timed).\n\n",
                rows, names, threads));
        md.append(table().markdown()).append('\n');
        md.append("- insert LEGACY: phase LEGACY; DUAL_WARM_CACHE: DUAL_WRITE with every name in the DAO's cache"
                + " (each name written once before measuring); DUAL_NEW_NAME: DUAL_WRITE, every name never seen"
                + " (the Name row is inserted in the same statement); NEW: NEW_ONLY, cache warm.\n");
        md.append("- read LEGACY: phase LEGACY (the text); NEW: phase READ_NEW (join to name through name_id,"
                + " with the fallback to the text that rows not backfilled need while the column exists).\n");
        md.append("- read by name: first page of " + ReadByNameBenchmark.PAGE + " entries of a name chosen"
                + " uniformly among the distinct names.\n\n");
        md.append("### Targets\n\n").append(targets().markdown());
        return md.toString();
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
