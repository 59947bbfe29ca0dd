package org.namelog.migration;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.dao.fleet.FleetSwitchTimeoutException;
import org.namelog.dao.fleet.GateConfig;
import org.namelog.dao.fleet.PhaseChange;
import org.namelog.dao.fleet.PhaseChangeRefusedException;
import org.namelog.dao.fleet.PhaseGate;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.rollout.RolloutFacts.OperatorOption;
import org.namelog.migration.rollout.TransitionTable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The tool's side of a phase change: the gate over the tool's connection settings, with the
 * {@link TransitionTable} as its prerequisites, and the gate's failures as exit codes.
 */
final class FleetGate {

    private FleetGate() {}

    /** A gate whose moves follow the transition table; {@code options} are the operator's. */
    static PhaseGate open(RunContext run, Duration instanceTtl, Set<OperatorOption> options) {
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
            config = GateConfig.defaults().withInstanceTtl(instanceTtl);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(ExitCode.USAGE, "--instance-ttl: " + e.getMessage());
        }
        return PhaseGate.create(dataSource, config,
                TransitionTable.standard().asPrerequisites(view -> RunFacts.during(run, view, options)));
    }

    static PhaseGate open(RunContext run, FleetOptions options) {
        Set<OperatorOption> given = EnumSet.noneOf(OperatorOption.class);
        if (options.noInstancesExpected) {
            given.add(OperatorOption.NO_INSTANCES_EXPECTED);
        }
        return open(run, options.instanceTtl, given);
    }

    /** Runs a phase change, printing what happened; maps refusals and time-outs to exit codes. */
    static int move(RunContext run, Phase target, FleetOptions options, boolean forward) {
        PhaseGate gate = open(run, options);
        try {
            PhaseChange change = forward ? gate.advance(target, options.timeout) : gate.back(target, options.timeout);
            run.out.println((change.changed() ? "phase: " + change.from() + " -> " + change.to()
                    : "phase: already " + change.to() + ", nothing changed")
                    + "; every live instance follows it (" + change.live().size() + " live, waited "
                    + change.waited().toMillis() + " ms)");
            change.live().forEach(i -> run.out.println("  " + i.describe()));
            if (change.live().isEmpty()) {
                run.out.println("warning: no instance is heartbeating (--no-instances-expected), so nothing confirmed"
                        + " the switch");
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
