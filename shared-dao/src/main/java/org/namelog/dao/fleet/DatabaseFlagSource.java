package org.namelog.dao.fleet;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.CallFlags;
import org.namelog.dao.flag.FlagSource;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the fleet's phase in the database ({@code namelog_migration_phase}, created by the
 * migration tool) and fails closed whenever it cannot.
 *
 * <p><b>Its own connections.</b> Give it a {@link DataSource} of its own, not the pool that serves
 * requests: it holds one connection for {@code LISTEN} and borrows one per poll, and under a
 * saturated request pool it must still read the phase (and the {@link Heartbeat}, given the same
 * small pool, must still beat). Three connections are enough for both.
 *
 * <p><b>Following.</b> A daemon thread reads the phase every {@link FlagSourceConfig#pollInterval()},
 * and at once when the {@link PhaseGate} notifies {@code namelog_phase}. {@link #current()} and
 * {@link #forCall()} answer from memory, so the DAO never waits on it. Each read also takes the
 * identity of the {@code name} table: when that changes, or the fleet enters {@code LEGACY} (after
 * which {@code rollback} may replace the table), the follower starts a new
 * {@linkplain CallFlags#nameTableGeneration() name table generation} and runs the
 * {@linkplain #onNameTableChange(Runnable) listeners} itself, so that even an idle instance holds
 * no name id of a table that is gone.
 *
 * <p><b>Never guessing.</b> When the phase cannot be read (database unreachable, phase table
 * missing, a phase name this version does not know), the source keeps its last known paths and
 * reports itself {@linkplain FlagState#stale() stale}. It starts only once it has read the phase.
 *
 * <p><b>The lease.</b> Every DAO call asks {@link #forCall()}, which refuses with
 * {@link DatabaseUnavailableException} once the last confirmation is older than
 * {@link FlagSourceConfig#lease()}. A confirmation is a successful phase read and, once a
 * {@link Heartbeat} runs for this source, also a successful heartbeat: the lease counts from the
 * older of the two, from when its round trip was <em>sent</em> (monotonic clock). The heartbeat's
 * {@code last_seen} is set by the server after that, so the lease ends no later than
 * {@code last_seen + lease}, which is when the gate stops waiting for this instance. Reads are
 * refused as well as writes: an instance that may have missed a phase change may also read
 * through a path that no longer returns the name that was written.
 *
 * <p><b>Failures of its thread.</b> The follower survives every exception of a read or a listener;
 * an {@link Error} ends it, and {@link #followerFailure()} then reports why (the lease runs out and
 * calls are refused; a service reports itself DOWN).
 *
 * <p>Thread-safe. Close it to stop following.
 */
public final class DatabaseFlagSource implements FlagSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFlagSource.class);
    private static final long NEVER = Long.MIN_VALUE;
    private static final String UNDEFINED_TABLE = "42P01";

    private final FleetSessions sessions;
    private final DataSource dataSource;
    private final FlagSourceConfig config;
    private final long leaseNanos;
    private final Thread follower;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> nameTableListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile FlagState state;
    private final ReadPins pins;
    /** When the latest successful phase read was sent (System.nanoTime). */
    private volatile long phaseConfirmedAt;
    private volatile boolean heartbeatAttached;
    /** When the latest successful heartbeat was sent, NEVER before the first. */
    private volatile long heartbeatConfirmedAt = NEVER;
    private volatile Throwable followerFailure;

    private DatabaseFlagSource(FleetSessions sessions, DataSource dataSource, FlagSourceConfig config, Phase initial,
            long nameTable, long sentAt) {
        this.sessions = sessions;
        this.dataSource = dataSource;
        this.config = config;
        this.leaseNanos = config.lease().toNanos();
        this.pins = new ReadPins(config);
        this.state = new FlagState(initial, pathsFor(initial), false, Instant.now(), nameTable, 1);
        this.phaseConfirmedAt = sentAt;
        this.follower = new Thread(this::follow, "namelog-phase-follow");
        this.follower.setDaemon(true);
    }

    /**
     * Reads the phase once and starts following it.
     *
     * @param dataSource connections of the fleet's own (not the request pool; see above)
     * @throws NameLogDaoException if the phase cannot be read now (the instance would have to guess
     *     it): the database is unreachable, or the state tables do not exist yet (the message names
     *     the tool command that creates them); or the read pin is not allowed in the fleet's
     *     current phase (see {@link ReadPin})
     */
    public static DatabaseFlagSource start(DataSource dataSource, FlagSourceConfig config) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(config, "config");
        FleetSessions sessions = new FleetSessions(dataSource);
        long sentAt = System.nanoTime();
        Reading initial;
        try {
            initial = read(sessions);
        } catch (RuntimeException e) {
            if (isUndefinedTable(e)) {
                throw new NameLogDaoException("the fleet's state tables do not exist in this database"
                        + " (namelog_migration_phase is missing), so the phase cannot be read and an instance never"
                        + " guesses it: create them with `namelog-migrate status` against this database (every"
                        + " command of the tool creates them; it changes nothing else), then start again", e);
            }
            throw new NameLogDaoException("cannot read the fleet phase at start-up (" + FleetSessions.reason(e)
                    + "); an instance never guesses its phase: start it once the database answers", e);
        }
        if (config.readPinSource() == null && !config.readPin().allowedIn(initial.phase())) {
            throw new NameLogDaoException("read pin " + config.readPin() + " is not allowed: the fleet is on "
                    + initial.phase() + ", where rows carry no legacy text, so only reads through name_id are correct;"
                    + " remove the pin (NAMELOG_READ_PIN) and start again");
        }
        DatabaseFlagSource source = new DatabaseFlagSource(sessions, dataSource, config, initial.phase(),
                initial.nameTable(), sentAt);
        source.follower.start();
        log.info("following the fleet phase {} ({}), polling every {}, lease {}", initial.phase(),
                source.state.paths(), config.pollInterval(), config.lease());
        return source;
    }

    /** The paths this instance follows now, whether or not its lease lets a call run. */
    @Override
    public Paths current() {
        return state.paths();
    }

    /**
     * The paths and name table generation of the call about to be made.
     *
     * @throws DatabaseUnavailableException if the lease has run out: the phase (or the heartbeat)
     *     could not be confirmed within {@link FlagSourceConfig#lease()}
     */
    @Override
    public CallFlags forCall() {
        // the anchor first: a state published after it is at least as new as the anchor's read
        long anchor = leaseAnchor();
        FlagState now = state;
        long age = anchor == NEVER ? Long.MAX_VALUE : System.nanoTime() - anchor;
        if (age > leaseNanos) {
            throw new DatabaseUnavailableException(refusal(anchor, age), retryAfter(), followerFailure);
        }
        return new CallFlags(now.paths(), now.nameTableGeneration());
    }

    @Override
    public void onNameTableChange(Runnable listener) {
        nameTableListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The phase, paths, staleness and name table now, as one snapshot. */
    public FlagState state() {
        return state;
    }

    /** The configuration this source runs with. */
    public FlagSourceConfig config() {
        return config;
    }

    /** Whether calls may run now: the phase (and heartbeat) were confirmed within the lease. */
    public boolean leaseHeld() {
        long anchor = leaseAnchor();
        return anchor != NEVER && System.nanoTime() - anchor <= leaseNanos;
    }

    /**
     * How long ago the phase (and the heartbeat, once one runs) were last confirmed; empty if the
     * heartbeat has never been written.
     */
    public Optional<Duration> sinceConfirmed() {
        long anchor = leaseAnchor();
        return anchor == NEVER ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - anchor));
    }

    /** What ended the follower thread, if something did (it is then no longer following the phase). */
    public Optional<Throwable> followerFailure() {
        return Optional.ofNullable(followerFailure);
    }

    /** Whether the follower thread runs (false once closed, or after {@link #followerFailure()}). */
    public boolean following() {
        return follower.isAlive() && followerFailure == null && !closed;
    }

    /**
     * Reads the phase now, as the follower does.
     *
     * @return whether the phase could be read (if not, the source is now stale)
     */
    public synchronized boolean refresh() {
        FlagState before = state;
        long sentAt = System.nanoTime();
        FlagState after;
        boolean newGeneration = false;
        try {
            Reading reading = read(sessions);
            Phase phase = reading.phase();
            // a new table, or a stretch of LEGACY (during which rollback may replace it): no id survives
            newGeneration = reading.nameTable() != before.nameTable()
                    || (phase == Phase.LEGACY && before.phase() != Phase.LEGACY);
            after = new FlagState(phase, pathsFor(phase), false, Instant.now(), reading.nameTable(),
                    before.nameTableGeneration() + (newGeneration ? 1 : 0));
            if (phase != before.phase() || before.stale()) {
                log.info("fleet phase {}: using {}", phase, after.paths());
            }
        } catch (RuntimeException e) {
            after = before.asStale();
            if (!before.stale()) {
                log.warn("cannot read the fleet phase ({}): keeping {} of phase {} until it can be read;"
                        + " calls are refused once the last read is older than the lease of {}",
                        FleetSessions.reason(e), before.paths(), before.phase(), config.lease());
            }
        }
        state = after;
        if (!after.stale()) {
            phaseConfirmedAt = sentAt;
        }
        if (newGeneration) {
            log.info("name table generation {} (name table oid {}, phase {}): cached name ids are dropped",
                    after.nameTableGeneration(), after.nameTable(), after.phase());
            nameTableListeners.forEach(DatabaseFlagSource::runQuietly);
        }
        if (!after.phase().equals(before.phase()) || !after.paths().equals(before.paths())
                || after.stale() != before.stale()) {
            listeners.forEach(DatabaseFlagSource::runQuietly);
        }
        return !after.stale();
    }

    /**
     * Runs {@code listener} (on the follower thread) after every change of phase, paths or staleness.
     * An exception it throws is logged; an {@link Error} ends the follower (see {@link #followerFailure()}).
     */
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

    /** From now on the lease also needs heartbeats; none confirmed yet. */
    void heartbeatAttached() {
        heartbeatAttached = true;
    }

    /** A heartbeat sent at {@code sentAt} (System.nanoTime) was written. */
    void heartbeatConfirmed(long sentAt) {
        heartbeatConfirmedAt = sentAt;
    }

    private long leaseAnchor() {
        long phase = phaseConfirmedAt;
        if (!heartbeatAttached) {
            return phase;
        }
        long beat = heartbeatConfirmedAt;
        return beat == NEVER ? NEVER : Math.min(phase, beat);
    }

    private String refusal(long anchor, long ageNanos) {
        String why;
        if (followerFailure != null) {
            why = "its phase follower stopped (" + followerFailure + "): restart this instance";
        } else if (anchor == NEVER) {
            why = "its heartbeat has not been written yet, so the migration tool cannot see it";
        } else {
            why = "it last confirmed the fleet phase " + Duration.ofNanos(ageNanos).toMillis()
                    + " ms ago, longer than its lease of " + config.lease().toMillis() + " ms (database unreachable"
                    + " or slow" + (state.stale() ? ", phase unreadable" : "") + ")";
        }
        return "this instance refuses the call rather than guess the fleet phase: " + why + "; retry later";
    }

    private Duration retryAfter() {
        Duration poll = config.pollInterval();
        return poll.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : poll;
    }

    private void follow() {
        try {
            followUntilClosed();
        } catch (Throwable fatal) { // an Error: report it, the lease runs out, calls are refused
            followerFailure = fatal;
            log.error("the phase follower stopped: {}; this instance refuses every call once its lease of {} has"
                    + " run out, and reports itself DOWN: restart it", fatal.toString(), config.lease(), fatal);
        }
    }

    private void followUntilClosed() {
        int millis = (int) Math.min(Integer.MAX_VALUE, config.pollInterval().toMillis());
        try (PhaseNotifications notifications = new PhaseNotifications(dataSource)) {
            while (!closed) {
                boolean waited = false;
                // while the database is unreachable, do not block on a second connection attempt
                if (!state.stale()) {
                    try {
                        awaitNotification(notifications, millis);
                        waited = true;
                    } catch (SQLException | RuntimeException e) {
                        log.debug("cannot listen for phase notifications: {}", e.toString());
                    }
                }
                if (!waited && !pause(millis)) {
                    return;
                }
                if (!closed) {
                    try {
                        refresh();
                    } catch (RuntimeException e) { // refresh catches the read's; this is a bug: survive it
                        log.warn("reading the fleet phase failed unexpectedly: {}", e.toString(), e);
                    }
                }
            }
        }
    }

    /** Waits up to {@code millis} for a notification, in slices so that {@link #close()} is quick. */
    private void awaitNotification(PhaseNotifications notifications, int millis) throws SQLException {
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

    private record Reading(Phase phase, long nameTable) {}

    private static Reading read(FleetSessions sessions) {
        PhaseReading row = sessions.autoCommit(FleetMapper::selectPhaseReading);
        if (row == null || row.phase() == null) {
            throw new NameLogDaoException("namelog_migration_phase holds no row: the migration tool creates it;"
                    + " refusing to guess the phase");
        }
        try {
            return new Reading(Phase.valueOf(row.phase()), row.nameTable() == null ? 0 : row.nameTable());
        } catch (IllegalArgumentException unknown) {
            throw new NameLogDaoException("namelog_migration_phase holds the phase '" + row.phase()
                    + "', which this version does not know: upgrade this service", unknown);
        }
    }

    private static boolean isUndefinedTable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.warn("a phase change listener failed: {}", e.toString());
        }
    }
}
