package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the fleet one phase at a time, the only way the phase changes.
 *
 * <p>A move happens in one transaction holding a lock on the phase row (so two operators cannot
 * both move the fleet): the gate refuses anything but the neighbouring phase in the asked
 * direction, asks the caller's {@link Prerequisites} (the migration tool's transition table) with
 * the fleet it sees, then sets the phase, adds one to its epoch (the phase history's sequence
 * number: whatever was taken under an earlier epoch can tell), ends the text's authority when the
 * target does not write it, and notifies {@code namelog_phase}.
 *
 * <p>Then it waits until every live instance reports the target. An instance is live until
 * {@code now() - last_seen} exceeds both {@link GateConfig#instanceTtl()} and the lease it stated
 * itself; a stale instance (it could not read the phase lately) is never counted as switched. If
 * the fleet is already on the target, the move only waits: run it again after a timeout.
 *
 * <p>Thread-safe; holds no connection between calls.
 */
public final class PhaseGate {

    private static final Logger log = LoggerFactory.getLogger(PhaseGate.class);

    private final FleetSessions sessions;
    private final GateConfig config;
    private final Prerequisites prerequisites;

    private PhaseGate(FleetSessions sessions, GateConfig config, Prerequisites prerequisites) {
        this.sessions = sessions;
        this.config = config;
        this.prerequisites = prerequisites;
    }

    /** A gate over the database behind {@code dataSource}, whose state tables must exist. */
    public static PhaseGate create(DataSource dataSource, GateConfig config, Prerequisites prerequisites) {
        return new PhaseGate(new FleetSessions(Objects.requireNonNull(dataSource, "dataSource")),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(prerequisites, "prerequisites"));
    }

    /** The fleet's phase; fails when the coordination tables do not exist (nothing to guess from). */
    public Phase currentPhase() {
        String name = sessions.autoCommit(m -> {
            if (!m.phaseTableExists()) {
                throw new NameLogDaoException("namelog_migration_phase does not exist: create the coordination"
                        + " tables first (StateTables.create, or any namelog-migrate command)");
            }
            return m.selectPhase();
        });
        return parsePhase(name);
    }

    /** Every instance in the heartbeat table, live or not, by service and id. */
    public List<FleetInstance> instances() {
        return sessions.autoCommit(m -> m.phaseTableExists() ? m.selectInstances(config.instanceTtl().toMillis())
                : List.of());
    }

    /**
     * Moves the fleet to the next phase and waits for it.
     *
     * @throws PhaseChangeRefusedException if a rule or prerequisite forbids it (nothing changed)
     * @throws FleetSwitchTimeoutException if live instances did not switch within {@code timeout}
     */
    public PhaseChange advance(Phase target, Duration timeout) {
        return move(target, timeout, true);
    }

    /**
     * Moves the fleet to the previous phase and waits for it.
     *
     * @throws PhaseChangeRefusedException if a rule or prerequisite forbids it (nothing changed)
     * @throws FleetSwitchTimeoutException if live instances did not switch within {@code timeout}
     */
    public PhaseChange back(Phase target, Duration timeout) {
        return move(target, timeout, false);
    }

    private PhaseChange move(Phase target, Duration timeout, boolean forward) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
        }
        long started = System.nanoTime();
        Phase from;
        boolean changed;
        try (SqlSession session = sessions.transaction()) {
            FleetMapper m = session.getMapper(FleetMapper.class);
            if (!m.phaseTableExists()) {
                throw new PhaseChangeRefusedException("cannot move the fleet to " + target,
                        List.of("the coordination tables do not exist: create them first (StateTables.create)"));
            }
            PhaseRow row = m.selectPhaseRowForUpdate();
            from = parsePhase(row == null ? null : row.phase());
            changed = from != target;
            if (changed) {
                List<String> unmet = check(m, row, from, target, forward);
                if (!unmet.isEmpty()) {
                    session.rollback(true);
                    throw new PhaseChangeRefusedException("the fleet stays on " + from + ", not moved to " + target,
                            unmet);
                }
                m.updatePhase(target.name(), target.paths().write().writesLegacyText());
                m.notifyPhase(target.name());
            }
            session.commit(true);
        } catch (NameLogDaoException own) {
            throw own;
        } catch (RuntimeException e) {
            throw new NameLogDaoException("cannot move the fleet to " + target + ": " + FleetSessions.reason(e), e);
        }
        if (changed) {
            log.info("fleet phase set from {} to {}; waiting up to {} for every live instance", from, target, timeout);
        } else {
            log.info("fleet phase already is {}; waiting up to {} for every live instance", target, timeout);
        }
        return awaitFleet(from, target, changed, timeout, started);
    }

    private List<String> check(FleetMapper m, PhaseRow row, Phase from, Phase target, boolean forward) {
        Phase expected = forward ? from.next() : from.previous();
        if (expected != target || expected == from) {
            return List.of(direction(from, target, forward));
        }
        List<FleetInstance> live = m.selectInstances(config.instanceTtl().toMillis()).stream()
                .filter(FleetInstance::live).toList();
        return prerequisites.unmet(new PhaseMove(from, target),
                new FleetView(from, row.epoch(), row.textAuthoritative(), live));
    }

    private static String direction(Phase from, Phase target, boolean forward) {
        if (forward) {
            if (target.compareTo(from) < 0) {
                return target + " is behind the fleet's phase " + from + ": go back instead";
            }
            return "the phase moves one step at a time: the fleet is on " + from + ", so advance to "
                    + from.next() + " first, not " + target;
        }
        if (target.compareTo(from) > 0) {
            return target + " is ahead of the fleet's phase " + from + ": advance instead";
        }
        return "the phase moves one step at a time: the fleet is on " + from + ", so go back to "
                + from.previous() + " first, not " + target;
    }

    private PhaseChange awaitFleet(Phase from, Phase target, boolean changed, Duration timeout, long started) {
        long deadline = started + timeout.toNanos();
        while (true) {
            List<FleetInstance> live = instances().stream().filter(FleetInstance::live).toList();
            // a stale instance may report the target yet not follow it: never counted as switched
            List<FleetInstance> stragglers = live.stream().filter(i -> i.stale() || !i.isOn(target)).toList();
            if (stragglers.isEmpty()) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                log.info("all {} live instance(s) on {} after {}", live.size(), target, waited);
                return new PhaseChange(from, target, changed, live, waited);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new FleetSwitchTimeoutException(target, timeout, stragglers);
            }
            try {
                Thread.sleep(config.checkInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NameLogDaoException("interrupted while waiting for the fleet to switch to " + target
                        + " (the phase stays " + target + ")", e);
            }
        }
    }

    private static Phase parsePhase(String name) {
        if (name == null) {
            throw new NameLogDaoException("namelog_migration_phase holds no row: recreate it with StateTables.create");
        }
        try {
            return Phase.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new NameLogDaoException("namelog_migration_phase holds '" + name + "', which this version"
                    + " does not know: use the tool of the version that set it", e);
        }
    }
}
