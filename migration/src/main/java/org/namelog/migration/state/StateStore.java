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
            throw new StateTablesException("cannot create the state tables ("
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

    /** Takes the run's advisory lock, or fails naming who holds it. */
    public void lockOrFail() {
        boolean got = call(m -> m.tryAdvisoryLock(LOCK_KEY)) == 1L;
        if (!got) {
            List<LockHolder> holders = call(m -> m.advisoryLockHolders(LOCK_KEY));
            throw new MigrationLockHeldException(holders.isEmpty() ? null : holders.get(0));
        }
    }

    public void unlock() {
        call(m -> m.advisoryUnlock(LOCK_KEY));
    }

    /** The fleet phase from {@code namelog_migration_phase}. */
    public String phase() {
        return call(StateMapper::phase);
    }

    /** The fleet's phase row: phase, epoch and whether the text is authoritative. */
    public PhaseRow phaseRow() {
        return call(StateMapper::phaseRow);
    }

    /** What state taken now would be taken under: the current epoch and name table. */
    public Stamp stamp() {
        return call(StateMapper::stamp);
    }

    /**
     * Records that the text is authoritative again, after a reverse backfill completed at
     * {@code READ_NEW} in epoch {@code epoch} with every live instance writing both columns.
     *
     * @return false if the fleet is no longer at READ_NEW in that epoch (nothing recorded)
     */
    public boolean markTextAuthoritative(long epoch) {
        return call(m -> m.markTextAuthoritative(epoch)) == 1;
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

    /**
     * Records a passing verification taken under {@code taken}.
     *
     * @return false if the epoch or the name table changed since (nothing recorded: it belongs to the past)
     */
    public boolean markVerified(Stamp taken) {
        return call(m -> m.markVerified(operator, taken.epoch(), taken.nameOid())) == 1;
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
