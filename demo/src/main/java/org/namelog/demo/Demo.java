package org.namelog.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.namelog.migration.NameLogMigrate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: loads a production-like NameLog, starts two instances each of services A and B,
 * drives them with checked HTTP traffic, and walks the whole rollout with the real tool commands
 * meanwhile. Ends with a report (Markdown) and a latency chart (SVG).
 */
@Command(name = "namelog-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Walks the NameLog rollout under load and reports what the services saw.")
public final class Demo implements Callable<Integer> {

    @Option(names = "--rows", description = "rows to load (default: ${DEFAULT-VALUE})")
    long rows = 1_000_000;

    @Option(names = "--jdbc-url", description = "use this server instead of an embedded one,"
            + " e.g. jdbc:postgresql://host:5432/postgres (password from NAMELOG_PASSWORD or PGPASSWORD)")
    String jdbcUrl;

    @Option(names = "--user", description = "database user with --jdbc-url (default: PGUSER, else postgres)")
    String user;

    @Option(names = "--database", description = "database the demo creates (default: namelog_demo_<time>)")
    String database;

    @Option(names = "--report-dir", description = "where the report and chart go (default: ${DEFAULT-VALUE})")
    Path reportDir = Path.of("reports");

    @Option(names = "--load-workers", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int workers = 4;

    @Option(names = "--requests-per-second", description = "total request rate (default: ${DEFAULT-VALUE})")
    double requestsPerSecond = 200;

    @Option(names = "--dwell", description = "how long the load runs in each phase before the next step"
            + " (default: ${DEFAULT-VALUE})", converter = org.namelog.migration.Durations.class)
    Duration dwell = Duration.ofSeconds(3);

    @Option(names = "--round-trips", description = "also go back and forth: READ_NEW -> DUAL_WRITE -> READ_NEW"
            + " and NEW_ONLY -> READ_NEW (with the reverse backfill) -> NEW_ONLY")
    boolean roundTrips;

    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Demo(System.out)).execute(args));
    }

    /** Runs the demo in-process (used by the end-to-end test); returns the exit code. */
    public static DemoResult run(PrintStream out, String... args) {
        Demo demo = new Demo(out);
        int exit = new CommandLine(demo).execute(args);
        return new DemoResult(exit, demo.lastReport, demo.lastLog);
    }

    /** What a run produced. */
    public record DemoResult(int exitCode, Report report, RequestLog log) {}

    private Report lastReport;
    private RequestLog lastLog;

    @Override
    public Integer call() throws Exception {
        String db = database != null ? database : "namelog_demo_" + Instant.now().getEpochSecond();
        Files.createDirectories(reportDir);
        Report report = new Report();
        RequestLog log = new RequestLog();
        lastReport = report;
        lastLog = log;
        List<LatencyChart.Marker> markers = new ArrayList<>();

        try (DemoDatabase pg = jdbcUrl == null ? DemoDatabase.embedded(db)
                : DemoDatabase.external(jdbcUrl, user != null ? user : env("PGUSER", "postgres"),
                        env("NAMELOG_PASSWORD", env("PGPASSWORD", "")), db)) {
            say("PostgreSQL %s, database %s", pg.serverVersion(), db);
            report.setup("PostgreSQL", pg.serverVersion());
            report.setup("server settings", pg.durabilitySettings());
            report.setup("rows loaded", String.format(Locale.ROOT, "%,d", rows));
            report.setup("load", workers + " clients, " + (int) requestsPerSecond + " requests/s, "
                    + "2 instances of service A and 2 of service B");
            long loadStart = System.nanoTime();
            pg.load(rows, done -> say("loaded %,d of %,d rows", done, rows));
            say("loaded in %.1f s", (System.nanoTime() - loadStart) / 1e9);
            Report.Sizes before = pg.sizes();

            try (DemoFleet fleet = DemoFleet.start(pg, 2, 2);
                    LoadGenerator load = new LoadGenerator(fleet.targets(), rows, workers, requestsPerSecond, log)) {
                load.start();
                say("services up: A %s, B %s; load running", fleet.targets().serviceA(), fleet.targets().serviceB());
                pause();
                for (RolloutStep step : steps()) {
                    markers.add(new LatencyChart.Marker(log.nowMillis(), step.label()));
                    say("==> %s", step.commandLine());
                    long start = System.nanoTime();
                    int exit = NameLogMigrate.run(System.getenv(), out, out, toolArgs(pg, step));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    report.step(new Report.StepResult(step, seconds, exit));
                    if (step.args().get(0).equals("backfill") && exit == 0) {
                        report.backfill(pg.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL"), seconds);
                    }
                    if (exit != 0) {
                        say("step failed with exit code %d: stopping the rollout here", exit);
                        break;
                    }
                    log.phase(step.phaseAfter());
                    pause();
                }
                load.close();
                long[] finalCheck = load.checkEveryOwnedEntry();
                report.finalCheck(finalCheck[0], finalCheck[1]);
            }
            report.sizes(before, pg.sizes());
        }

        String chart = "latency.svg";
        Files.writeString(reportDir.resolve(chart), LatencyChart.svg(log.requests(), markers,
                "Request latency during the NameLog rollout"), StandardCharsets.UTF_8);
        String markdown = report.markdown(log, chart);
        Path reportFile = reportDir.resolve("report.md");
        Files.writeString(reportFile, markdown, StandardCharsets.UTF_8);
        out.println();
        out.println(markdown);
        out.println("report: " + reportFile.toAbsolutePath());

        boolean clean = log.count(RequestLog.Outcome.ERROR) == 0 && log.count(RequestLog.Outcome.WRONG_READ) == 0
                && report.lostWrites() == 0 && report.steps().stream().allMatch(s -> s.exitCode() == 0);
        return clean ? 0 : 1;
    }

    /** The rollout, as the README's runbook gives it. */
    List<RolloutStep> steps() {
        List<RolloutStep> steps = new ArrayList<>();
        steps.add(RolloutStep.of("expand", "LEGACY", "expand"));
        steps.add(RolloutStep.of("dual write", "DUAL_WRITE", "advance", "--to", "DUAL_WRITE"));
        steps.add(RolloutStep.of("backfill", "DUAL_WRITE", "backfill"));
        steps.add(RolloutStep.of("verify", "DUAL_WRITE", "verify"));
        steps.add(RolloutStep.of("validate", "DUAL_WRITE", "validate"));
        steps.add(RolloutStep.of("read new", "READ_NEW", "advance", "--to", "READ_NEW"));
        if (roundTrips) {
            steps.add(RolloutStep.of("back to dual write", "DUAL_WRITE", "back", "--to", "DUAL_WRITE"));
            steps.add(RolloutStep.of("read new again", "READ_NEW", "advance", "--to", "READ_NEW"));
        }
        steps.add(RolloutStep.of("new only", "NEW_ONLY", "advance", "--to", "NEW_ONLY"));
        if (roundTrips) {
            steps.add(RolloutStep.of("back to read new", "READ_NEW", "back", "--to", "READ_NEW"));
            steps.add(RolloutStep.of("reverse backfill", "READ_NEW", "rollback"));
            steps.add(RolloutStep.of("back to dual write", "DUAL_WRITE", "back", "--to", "DUAL_WRITE"));
            steps.add(RolloutStep.of("verify again", "DUAL_WRITE", "verify"));
            steps.add(RolloutStep.of("validate again", "DUAL_WRITE", "validate"));
            steps.add(RolloutStep.of("read new again", "READ_NEW", "advance", "--to", "READ_NEW"));
            steps.add(RolloutStep.of("new only again", "NEW_ONLY", "advance", "--to", "NEW_ONLY"));
        }
        steps.add(RolloutStep.of("stop using name", "CONTRACTED", "advance", "--to", "CONTRACTED"));
        steps.add(RolloutStep.of("contract", "CONTRACTED", "contract", "--yes"));
        return steps;
    }

    private String[] toolArgs(DemoDatabase pg, RolloutStep step) {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", pg.jdbcUrl(), "--user", pg.user()));
        args.addAll(step.args());
        return args.toArray(String[]::new);
    }

    private void pause() throws InterruptedException {
        Thread.sleep(dwell.toMillis()); // the load keeps running meanwhile: this is the time spent in the phase
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[demo] " + format + "%n", args);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
