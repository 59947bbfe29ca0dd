package org.namelog.dao.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.FlagSource;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the fleet's phase in the database ({@code namelog_migration_phase}); before the
 * migration tool created that table, the phase is {@link Phase#LEGACY}.
 *
 * <p>A daemon thread reads the phase every {@link FlagSourceConfig#pollInterval()}, and at once
 * when the {@link PhaseGate} notifies {@code namelog_phase} (it holds one connection of the pool
 * for {@code LISTEN}); {@link #current()} answers from memory, so the DAO never waits on it. When the phase cannot be
 * read (database unreachable, or a phase name this version does not know), the source keeps its
 * last known paths and reports itself {@linkplain FlagState#stale() stale}: it never guesses a
 * phase. It starts only once it has read the phase, for the same reason.
 *
 * <p>Thread-safe. Close it to stop polling.
 */
public final class DatabaseFlagSource implements FlagSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFlagSource.class);

    private final FleetSessions sessions;
    private final DataSource dataSource;
    private final FlagSourceConfig config;
    private final Thread follower;
    private volatile boolean closed;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile FlagState state;
    private final ReadPins pins;

    private DatabaseFlagSource(FleetSessions sessions, DataSource dataSource, FlagSourceConfig config, Phase initial) {
        this.sessions = sessions;
        this.dataSource = dataSource;
        this.config = config;
        this.pins = new ReadPins(config);
        this.state = new FlagState(initial, pathsFor(initial), false, Instant.now());
        this.follower = new Thread(this::follow, "namelog-phase-follow");
        this.follower.setDaemon(true);
    }

    /**
     * Reads the phase once and starts polling.
     *
     * @throws NameLogDaoException if the phase cannot be read now (the instance would have to guess
     *     it), or the read pin is not allowed in the fleet's current phase (see {@link ReadPin})
     */
    public static DatabaseFlagSource start(DataSource dataSource, FlagSourceConfig config) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(config, "config");
        FleetSessions sessions = new FleetSessions(dataSource);
        Phase initial;
        try {
            initial = readPhase(sessions);
        } catch (RuntimeException e) {
            throw new NameLogDaoException("cannot read the fleet phase at start-up (" + FleetSessions.reason(e)
                    + "); an instance never guesses its phase: start it once the database answers", e);
        }
        if (config.readPinSource() == null && !config.readPin().allowedIn(initial)) {
            throw new NameLogDaoException("read pin " + config.readPin() + " is not allowed: the fleet is on "
                    + initial + ", where rows carry no legacy text, so only reads through name_id are correct;"
                    + " remove the pin (NAMELOG_READ_PIN) and start again");
        }
        DatabaseFlagSource source = new DatabaseFlagSource(sessions, dataSource, config, initial);
        source.follower.start();
        log.info("following the fleet phase {} ({}), polling every {}", initial, source.state.paths(),
                config.pollInterval());
        return source;
    }

    @Override
    public Paths current() {
        return state.paths();
    }

    /** The phase, paths and staleness now, as one snapshot. */
    public FlagState state() {
        return state;
    }

    /** The configuration this source runs with. */
    public FlagSourceConfig config() {
        return config;
    }

    /**
     * Reads the phase now, as the poller does.
     *
     * @return whether the phase could be read (if not, the source is now stale)
     */
    public synchronized boolean refresh() {
        FlagState before = state;
        FlagState after;
        try {
            Phase phase = readPhase(sessions);
            after = new FlagState(phase, pathsFor(phase), false, Instant.now());
            if (phase != before.phase() || before.stale()) {
                log.info("fleet phase {}: using {}", phase, after.paths());
            }
        } catch (RuntimeException e) {
            after = new FlagState(before.phase(), before.paths(), true, before.lastRead());
            if (!before.stale()) {
                log.warn("cannot read the fleet phase ({}): keeping {} of phase {} until it can be read",
                        FleetSessions.reason(e), before.paths(), before.phase());
            }
        }
        state = after;
        if (!after.phase().equals(before.phase()) || !after.paths().equals(before.paths())
                || after.stale() != before.stale()) {
            listeners.forEach(DatabaseFlagSource::runQuietly);
        }
        return !after.stale();
    }

    /** Runs {@code listener} (on the polling thread) after every change of phase, paths or staleness. */
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops following (within a poll interval) and releases the listening connection. */
    @Override
    public void close() {
        closed = true;
        follower.interrupt();
        try {
            follower.join(Math.min(config.pollInterval().toMillis(), 200) + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        int millis = (int) Math.min(Integer.MAX_VALUE, config.pollInterval().toMillis());
        try (PhaseNotifications notifications = new PhaseNotifications(dataSource)) {
            while (!closed) {
                boolean waited = false;
                // while the database is unreachable, do not block on a second connection attempt
                if (!state.stale()) {
                    try {
                        awaitNotification(notifications, millis);
                        waited = true;
                    } catch (java.sql.SQLException | RuntimeException e) {
                        log.debug("cannot listen for phase notifications: {}", e.toString());
                    }
                }
                if (!waited && !pause(millis)) {
                    return;
                }
                if (!closed) {
                    refresh();
                }
            }
        }
    }

    /** Waits up to {@code millis} for a notification, in slices so that {@link #close()} is quick. */
    private void awaitNotification(PhaseNotifications notifications, int millis) throws java.sql.SQLException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || notifications.await((int) Math.min(left, 200))) {
                return;
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private Paths pathsFor(Phase phase) {
        FlagState before = state;
        return pins.pathsFor(phase, before == null ? null : before.paths());
    }

    private static Phase readPhase(FleetSessions sessions) {
        String name = sessions.autoCommit(m -> m.phaseTableExists() ? m.selectPhase() : Phase.LEGACY.name());
        if (name == null) {
            throw new NameLogDaoException("namelog_migration_phase holds no row: the migration tool creates it;"
                    + " refusing to guess the phase");
        }
        try {
            return Phase.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            throw new NameLogDaoException("namelog_migration_phase holds the phase '" + name
                    + "', which this version does not know: upgrade this service", unknown);
        }
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.warn("a phase change listener failed: {}", e.toString());
        }
    }
}
