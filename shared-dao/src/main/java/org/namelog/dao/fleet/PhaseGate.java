package org.namelog.dao.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the fleet one phase at a time, the only way the phase changes.
 *
 * <p>A move checks, under a lock on the phase row (so two operators cannot both move the fleet):
 *
 * <ol>
 *   <li>the target is the next phase ({@link #advance}) or the previous one ({@link #back});
 *   <li>every live instance is on the current phase or the target, so the fleet stays at most one
 *       phase apart after the move;
 *   <li>before {@code NEW_ONLY}: {@code namelog.name} is nullable and no live instance reads
 *       anything but {@code NEW} (a {@link ReadPin} holds it back);
 *   <li>before {@code CONTRACTED}: every live instance is on {@code NEW_ONLY}; going back from
 *       {@code CONTRACTED} is refused once the {@code name} column is gone;
 *   <li>the caller's {@link Prerequisites}.
 * </ol>
 *
 * <p>Then it sets the phase (and notifies {@code namelog_phase}) and waits until every live
 * instance reports the target. An instance is live while its last heartbeat is within
 * {@link GateConfig#instanceTtl()}. If the fleet is already on the target, the move only waits:
 * run it again after a timeout.
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

    /** The fleet's phase ({@link Phase#LEGACY} before the state tables exist). */
    public Phase currentPhase() {
        String name = sessions.autoCommit(m -> m.phaseTableExists() ? m.selectPhase() : Phase.LEGACY.name());
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
            from = parsePhase(m.selectPhaseForUpdate());
            changed = from != target;
            if (changed) {
                List<String> unmet = check(m, from, target, forward);
                if (!unmet.isEmpty()) {
                    session.rollback(true);
                    throw new PhaseChangeRefusedException("the fleet stays on " + from + ", not moved to " + target,
                            unmet);
                }
                m.updatePhase(target.name());
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

    private List<String> check(FleetMapper m, Phase from, Phase target, boolean forward) {
        List<String> unmet = new ArrayList<>();
        Phase expected = forward ? from.next() : from.previous();
        if (expected != target || expected == from) {
            unmet.add(direction(from, target, forward));
            return unmet;
        }
        List<FleetInstance> live = m.selectInstances(config.instanceTtl().toMillis()).stream()
                .filter(FleetInstance::live).toList();
        for (FleetInstance instance : live) {
            if (!instance.isOn(from) && !instance.isOn(target)) {
                unmet.add(instance.describe() + ": the fleet must be on " + from + " or " + target
                        + " before the move; wait for it, stop it, or let its TTL expire");
            }
        }
        if (forward && target == Phase.NEW_ONLY) {
            Boolean nullable = m.nameColumnNullable();
            if (!Boolean.TRUE.equals(nullable)) {
                unmet.add("namelog.name is " + (nullable == null ? "missing" : "NOT NULL")
                        + ": NEW_ONLY writes rows without it, make it nullable first (V7)");
            }
            for (FleetInstance instance : live) {
                if (!ReadPath.NEW.name().equals(instance.readPath())) {
                    unmet.add(instance.describe() + ": NEW_ONLY leaves the text empty, so every instance must read"
                            + " through name_id first; remove its read pin (NAMELOG_READ_PIN) and restart it");
                }
            }
        }
        if (forward && target == Phase.CONTRACTED) {
            for (FleetInstance instance : live) {
                if (!instance.isOn(Phase.NEW_ONLY)) {
                    unmet.add(instance.describe() + ": every instance must be on NEW_ONLY before the contract");
                }
            }
        }
        if (!forward && from == Phase.CONTRACTED && m.nameColumnNullable() == null) {
            unmet.add("namelog.name was dropped: there is no way back from the contract");
        }
        unmet.addAll(prerequisites.unmet(from, target));
        return unmet;
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
            List<FleetInstance> stragglers = live.stream().filter(i -> !i.isOn(target)).toList();
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
