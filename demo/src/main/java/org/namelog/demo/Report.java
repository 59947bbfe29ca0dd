package org.namelog.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's figures, printed and written as Markdown beside the latency chart. */
public final class Report {

    /** A step that ran: its command, how long it took, its exit code. */
    public record StepResult(RolloutStep step, double seconds, int exitCode) {}

    /** Sizes in bytes. */
    public record Sizes(long table, long indexes, long nameTable) {}

    private final List<StepResult> steps = new ArrayList<>();
    private final Map<String, String> setup = new LinkedHashMap<>();
    private Sizes before;
    private Sizes after;
    private long rowsMigrated;
    private double backfillSeconds;
    private long lostWrites;
    private long checkedWrites;

    public void setup(String key, String value) {
        setup.put(key, value);
    }

    public void step(StepResult result) {
        steps.add(result);
    }

    public List<StepResult> steps() {
        return List.copyOf(steps);
    }

    public void sizes(Sizes before, Sizes after) {
        this.before = before;
        this.after = after;
    }

    public void backfill(long rowsMigrated, double seconds) {
        this.rowsMigrated = rowsMigrated;
        this.backfillSeconds = seconds;
    }

    public void finalCheck(long checked, long lost) {
        this.checkedWrites = checked;
        this.lostWrites = lost;
    }

    public long lostWrites() {
        return lostWrites;
    }

    public String markdown(RequestLog log, String chartFile) {
        List<RequestLog.Request> requests = log.requests();
        StringBuilder md = new StringBuilder("# NameLog rollout under load: report\n\n");
        setup.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Outcome\n\n| what | count |\n|---|---|\n");
        md.append("| requests | ").append(requests.size()).append(" |\n");
        md.append("| errors (must be 0) | ").append(log.count(RequestLog.Outcome.ERROR)).append(" |\n");
        md.append("| wrong reads (must be 0) | ").append(log.count(RequestLog.Outcome.WRONG_READ)).append(" |\n");
        md.append("| acknowledged writes checked at the end | ").append(checkedWrites).append(" |\n");
        md.append("| lost writes (must be 0) | ").append(lostWrites).append(" |\n");
        md.append("| 503 during a planned outage | ").append(log.count(RequestLog.Outcome.UNAVAILABLE)).append(" |\n");
        md.append(String.format(Locale.ROOT, "\nBackfill: %,d rows migrated in %.1f s: %,.0f rows/s.%n",
                rowsMigrated, backfillSeconds, backfillSeconds > 0 ? rowsMigrated / backfillSeconds : 0));

        md.append("\n## Steps\n\n| step | command | seconds | exit |\n|---|---|---|---|\n");
        for (StepResult s : steps) {
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %.1f | %d |%n", s.step().label(), s.step().commandLine(),
                    s.seconds(), s.exitCode()));
        }

        md.append("\n## Latency by phase\n\n| phase | requests | p50 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|\n");
        Map<String, List<RequestLog.Request>> byPhase = new LinkedHashMap<>();
        requests.stream().sorted((a, b) -> Long.compare(a.startMillis(), b.startMillis()))
                .forEach(r -> byPhase.computeIfAbsent(r.phase(), p -> new ArrayList<>()).add(r));
        byPhase.forEach((phase, rs) -> {
            double[] sorted = rs.stream().mapToDouble(RequestLog.Request::latencyMillis).toArray();
            Arrays.sort(sorted);
            long errors = rs.stream().filter(r -> r.outcome() == RequestLog.Outcome.ERROR
                    || r.outcome() == RequestLog.Outcome.WRONG_READ).count();
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %d |%n", phase, rs.size(),
                    LatencyChart.percentile(sorted, 0.5), LatencyChart.percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1], errors));
        });

        if (before != null && after != null) {
            md.append("\n## Sizes\n\n| relation | before | after |\n|---|---|---|\n");
            md.append("| namelog (table) | ").append(mb(before.table())).append(" | ").append(mb(after.table())).append(" |\n");
            md.append("| namelog (indexes) | ").append(mb(before.indexes())).append(" | ").append(mb(after.indexes())).append(" |\n");
            md.append("| name (table and indexes) | ").append(mb(before.nameTable())).append(" | ").append(mb(after.nameTable())).append(" |\n");
        }
        md.append("\n## Latency over time\n\n![request latency over time, steps marked](").append(chartFile).append(")\n");
        List<String> problems = log.problems();
        if (!problems.isEmpty()) {
            md.append("\n## First problems\n\n");
            problems.forEach(p -> md.append("- ").append(p.replace("\n", " ")).append('\n'));
        }
        return md.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
