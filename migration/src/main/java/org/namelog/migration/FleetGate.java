package org.namelog.migration;

import java.util.ArrayList;
import java.util.List;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.dao.fleet.FleetSwitchTimeoutException;
import org.namelog.dao.fleet.GateConfig;
import org.namelog.dao.fleet.PhaseChange;
import org.namelog.dao.fleet.PhaseChangeRefusedException;
import org.namelog.dao.fleet.PhaseGate;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.step.Catalog.ObjectState;
import org.namelog.migration.step.SchemaState;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The tool's side of a phase change: what only the tool knows (the backfill was verified, the
 * foreign key validated, the reverse backfill ran) as the gate's prerequisites, and the gate's
 * failures as exit codes.
 */
final class FleetGate {

    private FleetGate() {}

    static PhaseGate open(RunContext run, FleetOptions options) {
        ConnectionSettings settings = run.database.settings();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(settings.jdbcUrl());
        dataSource.setUser(settings.user());
        if (settings.password() != null) {
            dataSource.setPassword(settings.password());
        }
        dataSource.setApplicationName("namelog-migrate " + run.command);
        GateConfig config;
        try {
            config = GateConfig.defaults().withInstanceTtl(options.instanceTtl);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(ExitCode.USAGE, "--instance-ttl: " + e.getMessage());
        }
        return PhaseGate.create(dataSource, config, (from, to) -> unmet(run, from, to));
    }

    /** What must hold before the fleet moves from {@code from} to {@code to}, as sentences saying what to do. */
    static List<String> unmet(RunContext run, Phase from, Phase to) {
        List<String> unmet = new ArrayList<>();
        SchemaState schema = run.schema();
        boolean forward = to.ordinal() > from.ordinal();
        if (forward && to == Phase.DUAL_WRITE && schema.stage() == SchemaState.Stage.LEGACY) {
            unmet.add("the schema is not expanded: run namelog-migrate expand first");
        }
        if (forward && (to == Phase.READ_NEW || to == Phase.CONTRACTED)) {
            if (schema.foreignKey() != ObjectState.VALID) {
                unmet.add("the foreign key is not validated: run namelog-migrate validate first");
            }
            if (run.state.step().verifiedAt() == null) {
                unmet.add("the backfill has not been verified since it last changed: run namelog-migrate backfill,"
                        + " then verify");
            }
            if (run.catalog.rowsMissingNameId()) {
                unmet.add("some rows have a name but no name_id: run namelog-migrate backfill, then verify");
            }
        }
        if (!forward && to == Phase.DUAL_WRITE && run.catalog.rowsMissingName()) {
            unmet.add("some rows have a name_id but no name (written in NEW_ONLY): readers of the text would see NULL;"
                    + " run namelog-migrate rollback first (its reverse backfill fills name)");
        }
        return unmet;
    }

    /** Runs a phase change, printing what happened; maps refusals and time-outs to exit codes. */
    static int move(RunContext run, PhaseGate gate, Phase target, FleetOptions options, boolean forward) {
        try {
            PhaseChange change = forward ? gate.advance(target, options.timeout) : gate.back(target, options.timeout);
            run.out.println((change.changed() ? "phase: " + change.from() + " -> " + change.to()
                    : "phase: already " + change.to() + ", nothing changed")
                    + "; every live instance follows it (" + change.live().size() + " live, waited "
                    + change.waited().toMillis() + " ms)");
            change.live().forEach(i -> run.out.println("  " + i.describe()));
            if (change.live().isEmpty()) {
                run.out.println("warning: no instance is heartbeating, so nothing confirmed the switch: check that the"
                        + " services run with this database (namelog-migrate instances)");
            }
            return ExitCode.OK;
        } catch (PhaseChangeRefusedException refused) {
            throw MigrationException.prerequisite(refused.getMessage().replace('\n', ' '));
        } catch (FleetSwitchTimeoutException timeout) {
            throw new MigrationException(ExitCode.FLEET_NOT_SWITCHED, timeout.getMessage().replace('\n', ' ')
                    + " (run the same command again to keep waiting, or back to return)");
        } catch (NameLogDaoException e) {
            throw MigrationException.unreachable(e.getMessage(), e);
        }
    }

    static void printInstances(RunContext run, List<FleetInstance> instances) {
        if (instances.isEmpty()) {
            run.out.println("no instance has reported a heartbeat");
        }
        instances.forEach(i -> run.out.println(i.describe()));
    }
}
