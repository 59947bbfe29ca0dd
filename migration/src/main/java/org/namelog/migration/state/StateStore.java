package org.namelog.migration.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.ExitCode;
import org.namelog.migration.MigrationException;

/**
 * The tool's state tables and the fleet phase, read and written on one auto-commit connection
 * that the caller owns (the same one that holds the advisory lock).
 */
public final class StateStore {

    /** The advisory lock key of the migration ("NAMELOG" in ASCII). */
    public static final long LOCK_KEY = 0x4e414d454c4f47L;

    private static final String STATE_SQL = "db/state/namelog_state.sql";

    private final Connection connection;
    private final String operator;

    public StateStore(Connection connection, String operator) {
        this.connection = connection;
        this.operator = operator;
    }

    /** Creates the coordination and tool tables if they are missing (idempotent). */
    public void ensureTables() {
        try (Statement s = connection.createStatement()) {
            s.execute(stateSql());
        } catch (SQLException e) {
            throw new MigrationException(ExitCode.UNEXPECTED, "cannot create the state tables ("
                    + STATE_SQL + "): " + e.getMessage() + " (the user needs CREATE on the schema)", e);
        }
    }

    static String stateSql() {
        try (InputStream in = StateStore.class.getClassLoader().getResourceAsStream(STATE_SQL)) {
            if (in == null) {
                throw new IllegalStateException(STATE_SQL + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the run's advisory lock, or fails with {@link ExitCode#LOCK_HELD} naming who holds it. */
    public void lockOrFail() {
        boolean got = call(m -> m.tryAdvisoryLock(LOCK_KEY)) == 1L;
        if (!got) {
            List<LockHolder> holders = call(m -> m.advisoryLockHolders(LOCK_KEY));
            String who = holders.isEmpty() ? "a session that has just ended (try again)" : holders.get(0).toString();
            throw new MigrationException(ExitCode.LOCK_HELD, "another namelog-migrate run holds the migration lock: "
                    + who + "; wait for it to finish (or end that session) and run again");
        }
    }

    public void unlock() {
        call(m -> m.advisoryUnlock(LOCK_KEY));
    }

    /** The fleet phase from {@code namelog_migration_phase}. */
    public String phase() {
        return call(StateMapper::phase);
    }

    public StepRow step() {
        return call(StateMapper::step);
    }

    public void setStep(String step) {
        call(m -> m.setStep(step));
    }

    public void recordLegacyNameNotNull(boolean notNull) {
        call(m -> m.setLegacyNameNotNull(notNull));
    }

    public void markVerified() {
        call(m -> m.markVerified(operator));
    }

    public void clearVerified() {
        call(StateMapper::clearVerified);
    }

    public void history(String command, String action, String outcome, String detail) {
        call(m -> m.insertHistory(command, action, outcome, detail, operator));
    }

    public Optional<HistoryRow> lastAction() {
        return Optional.ofNullable(call(StateMapper::lastHistory));
    }

    public boolean paused() {
        return Boolean.TRUE.equals(call(StateMapper::paused));
    }

    public void setPaused(boolean paused) {
        call(m -> m.setPaused(paused));
    }

    public Optional<CheckpointRow> checkpoint(String direction) {
        return Optional.ofNullable(call(m -> m.checkpoint(direction)));
    }

    public CheckpointRow createCheckpoint(String direction) {
        call(m -> m.createCheckpoint(direction));
        return checkpoint(direction).orElseThrow();
    }

    public void deleteCheckpoint(String direction) {
        call(m -> m.deleteCheckpoint(direction));
    }

    private <T> T call(Function<StateMapper, T> work) {
        try (SqlSession session = MyBatis.on(connection)) {
            return work.apply(session.getMapper(StateMapper.class));
        }
    }
}
