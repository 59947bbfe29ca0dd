package org.namelog.migration.ddl;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.Database;
import org.namelog.migration.Redaction;
import org.namelog.migration.state.MyBatis;

/**
 * Runs one CONCURRENTLY statement ({@code CREATE INDEX CONCURRENTLY}, {@code DROP INDEX
 * CONCURRENTLY}) on a connection of its own, without a lock timeout, while a {@link BlockerWatch}
 * names whoever it waits for.
 *
 * <p>Why no lock timeout: such a statement takes SHARE UPDATE EXCLUSIVE on the table, which
 * conflicts with no lock that reads or writes take (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE), so
 * neither its wait for that lock nor anything after it makes live traffic queue. What it waits
 * for later are other transactions' ends: writers that were open when it began, and at last every
 * transaction of the database whose snapshot is older than its own ("waiting for old
 * snapshots"), even one that never touched the table. A lock timeout there only threw away both
 * finished scans and left an INVALID index behind, again and again; waiting, with the session in
 * the way named, is what the operator needs. While it waits it holds its table lock, which keeps
 * (auto)vacuum and other schema changes of that table waiting, so Ctrl-C cancels it on the server.
 */
final class ConcurrentStatement {

    private static final String INVALID_HINT = " (a CONCURRENTLY index build that fails leaves an INVALID index,"
            + " which writers keep maintaining: run the command again, which drops it first, or roll back)";

    private final Database database;
    private final Duration firstReport;
    private final PrintStream out;

    /**
     * @param firstReport how long the statement may wait before the sessions in its way are named
     */
    ConcurrentStatement(Database database, Duration firstReport, PrintStream out) {
        this.database = database;
        this.firstReport = firstReport;
        this.out = out;
    }

    void run(String sql) throws SQLException {
        try (Connection c = database.connect()) {
            int pid;
            try (SqlSession session = MyBatis.on(c)) {
                WaitMapper mapper = session.getMapper(WaitMapper.class);
                // Its own connection, closed after: the session-level settings leak nowhere. A
                // statement_timeout set for the role would otherwise cut a long build short.
                mapper.waitWithoutTimeouts();
                pid = mapper.backendPid();
            }
            out.println("    runs without a lock timeout (it blocks no reads or writes while it waits); sessions in its"
                    + " way are named here; Ctrl-C cancels it");
            try (Statement statement = c.createStatement();
                    BlockerWatch watch = BlockerWatch.start(database, pid, firstReport, out);
                    CancelOnShutdown cancel = CancelOnShutdown.register(statement, pid, out)) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw isIndexBuild(sql) ? new SQLException(e.getMessage() + INVALID_HINT, e.getSQLState(), e) : e;
            }
        }
    }

    private static boolean isIndexBuild(String sql) {
        return sql.lines().map(String::strip).filter(line -> !line.startsWith("--") && !line.isEmpty())
                .anyMatch(line -> line.toUpperCase(Locale.ROOT).startsWith("CREATE"));
    }

    /**
     * On Ctrl-C (or SIGTERM) cancels the statement on the server before the JVM exits: a client
     * that just disappears leaves the build running, and holding its table lock, until the server
     * next writes to it.
     */
    private static final class CancelOnShutdown implements AutoCloseable {

        private final Thread hook;
        private final CountDownLatch returned = new CountDownLatch(1);

        private CancelOnShutdown(Statement statement, int pid, PrintStream out) {
            this.hook = new Thread(() -> {
                out.println("  stopping: cancelling the CONCURRENTLY statement (pid " + pid + "); an index it was building"
                        + " stays INVALID until the next run drops it");
                try {
                    statement.cancel();
                    returned.await(10, TimeUnit.SECONDS);
                } catch (SQLException e) {
                    out.println("  could not cancel it: " + Redaction.redact(e.getMessage())
                            + "; end it with SELECT pg_cancel_backend(" + pid + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "namelog-migrate cancel pid " + pid);
        }

        static CancelOnShutdown register(Statement statement, int pid, PrintStream out) {
            CancelOnShutdown cancel = new CancelOnShutdown(statement, pid, out);
            Runtime.getRuntime().addShutdownHook(cancel.hook);
            return cancel;
        }

        @Override
        public void close() {
            returned.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now, and has what it waited for
            }
        }
    }
}
