package org.namelog.migration.ddl;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.Database;
import org.namelog.migration.Redaction;
import org.namelog.migration.state.MyBatis;

/**
 * Watches a session running a CONCURRENTLY statement from a second connection and, once it has
 * waited for a lock longer than the first-report delay, prints the sessions in its way (pid,
 * application_name, user, state, how long their transaction has been open) every few seconds,
 * and at once when they change. It only reads {@code pg_stat_activity}, {@code pg_blocking_pids}
 * and {@code pg_stat_progress_create_index}; it cannot fail the statement it watches.
 */
final class BlockerWatch implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Database database;
    private final int pid;
    private final Duration firstReport;
    private final PrintStream out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private long waitingSince = -1;
    private long lastReport = -1;
    private List<Integer> lastBlockers = List.of();

    private BlockerWatch(Database database, int pid, Duration firstReport, PrintStream out) {
        this.database = database;
        this.pid = pid;
        this.firstReport = firstReport;
        this.out = out;
        this.thread = new Thread(this::watch, "namelog-migrate watch pid " + pid);
        this.thread.setDaemon(true);
    }

    static BlockerWatch start(Database database, int pid, Duration firstReport, PrintStream out) {
        BlockerWatch watch = new BlockerWatch(database, pid, firstReport, out);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        try (Connection c = database.connect(); SqlSession session = MyBatis.on(c)) {
            WaitMapper mapper = session.getMapper(WaitMapper.class);
            while (!stop.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                StatementWait wait = mapper.statementWait(pid);
                if (wait == null) {
                    return;
                }
                look(wait, mapper);
            }
        } catch (SQLException | RuntimeException e) {
            if (stop.getCount() > 0) {
                out.println("    (cannot watch the statement any longer: " + Redaction.redact(e.getMessage()) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void look(StatementWait wait, WaitMapper mapper) {
        long now = System.nanoTime();
        if (!wait.waitingOnLock()) {
            waitingSince = -1;
            lastBlockers = List.of();
            return;
        }
        if (waitingSince < 0) {
            waitingSince = now;
        }
        if (now - waitingSince < firstReport.toNanos()) {
            return;
        }
        List<Blocker> blockers = mapper.blockers(pid);
        List<Integer> pids = blockers.stream().map(Blocker::pid).toList();
        if (!pids.equals(lastBlockers) || lastReport < 0 || now - lastReport >= REPORT_EVERY.toNanos()) {
            report(wait, blockers, Duration.ofNanos(now - waitingSince));
            lastBlockers = pids;
            lastReport = now;
        }
    }

    private void report(StatementWait wait, List<Blocker> blockers, Duration waited) {
        StringBuilder text = new StringBuilder("    waiting ").append(waited.toSeconds()).append("s (")
                .append(wait.describe()).append(")");
        if (blockers.isEmpty()) {
            text.append(" for a session it cannot name: look at pg_locks WHERE NOT granted and pg_stat_activity");
        } else {
            text.append(" for ").append(blockers.size() == 1 ? "this session" : blockers.size() + " sessions")
                    .append(" to end its transaction (commit or roll back; or SELECT pg_terminate_backend(pid)):");
            blockers.forEach(b -> text.append(System.lineSeparator()).append("      ").append(b.describe()));
        }
        out.println(text);
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
