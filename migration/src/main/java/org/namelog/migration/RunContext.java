package org.namelog.migration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import org.namelog.dao.fleet.GateConfig;
import org.namelog.dao.fleet.PhaseGate;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.rollout.Move;
import org.namelog.migration.rollout.RolloutFacts.OperatorOption;
import org.namelog.migration.rollout.TransitionTable;
import org.namelog.migration.ddl.DdlExecutor;
import org.namelog.migration.ddl.DdlSettings;
import org.namelog.migration.state.StateStore;
import org.namelog.migration.step.Catalog;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.StepRunner;

/**
 * One command's run: its control connection (which holds the advisory lock when the command
 * changes anything), the state store, the catalogs, and the DDL executor.
 */
final class RunContext implements AutoCloseable {

    final String command;
    final Database database;
    final Connection control;
    final StateStore state;
    final Catalog catalog;
    final DdlExecutor ddl;
    final PrintStream out;
    private final boolean locked;

    private RunContext(String command, Database database, Connection control, StateStore state, DdlExecutor ddl,
            PrintStream out, boolean locked) {
        this.command = command;
        this.database = database;
        this.control = control;
        this.state = state;
        this.catalog = new Catalog(control);
        this.ddl = ddl;
        this.out = out;
        this.locked = locked;
    }

    static RunContext open(NameLogMigrate root, String command, boolean takeLock, java.io.PrintStream out) {
        DdlSettings ddlSettings;
        try {
            ddlSettings = DdlSettings.of(root.lockTimeout, root.maxDdlRetries);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(ExitCode.USAGE, e.getMessage());
        }
        Database database = new Database(root.connectionSettings(), command);
        Connection control = database.connect();
        try {
            StateStore state = new StateStore(control, database.operator());
            if (takeLock) {
                state.lockOrFail();
            }
            state.ensureTables();
            DdlExecutor ddl = new DdlExecutor(database, ddlSettings, out,
                    id -> state.history(command, id, "lock-timeout", null));
            return new RunContext(command, database, control, state, ddl, out, takeLock);
        } catch (RuntimeException e) {
            closeQuietly(control);
            throw e;
        }
    }

    /**
     * Checks {@code move}'s preconditions in the {@link TransitionTable}, with the fleet read as
     * the gate reads it (instances live within the default TTL or their own lease).
     *
     * @throws org.namelog.migration.rollout.RulesNotMetException if one does not hold
     */
    void require(Move move, OperatorOption... options) {
        TransitionTable.standard().require(move, facts(options));
    }

    /** The facts of this run, read afresh. */
    RunFacts facts(OperatorOption... options) {
        PhaseGate gate = FleetGate.open(this, GateConfig.defaults().instanceTtl(),
                options.length == 0 ? EnumSet.noneOf(OperatorOption.class) : EnumSet.of(options[0], options));
        return RunFacts.of(this, gate, options);
    }

    StepRunner runner() {
        return new StepRunner(ddl, catalog, state, command, out);
    }

    SchemaState schema() {
        return catalog.schemaState();
    }

    /** The fleet phase; fails clearly when the table holds a name this tool does not know. */
    Phase phase() {
        String phase = state.phase();
        try {
            return Phase.valueOf(phase);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw MigrationException.prerequisite("namelog_migration_phase holds '" + phase
                    + "', which is no phase: fix that row first");
        }
    }

    @Override
    public void close() {
        if (locked) {
            try {
                state.unlock();
            } catch (RuntimeException e) {
                // the lock goes with the session anyway
            }
        }
        closeQuietly(control);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to do: the server ends the session and its advisory lock
        }
    }
}
