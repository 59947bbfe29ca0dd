package org.namelog.dao;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.namelog.dao.flag.CallFlags;
import org.namelog.dao.flag.FlagSource;
import org.namelog.dao.flag.NameColumn;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.WritePath;
import org.namelog.dao.internal.DatabaseCalls;
import org.namelog.dao.internal.MyBatisSessions;
import org.namelog.dao.internal.NameCache;
import org.namelog.dao.internal.NameLogMapper;
import org.namelog.dao.internal.NameRules;
import org.namelog.dao.internal.ReadSource;
import org.namelog.dao.internal.StatusCount;
import org.namelog.dao.internal.WrittenRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way services read and write NameLog, in every phase of the migration.
 *
 * <p>Each call asks the {@link FlagSource} for its {@link Paths} ({@link FlagSource#forCall()}), so a
 * flag change applies from the next call; a source that cannot vouch for any paths (its lease on
 * the fleet phase expired) refuses the call with {@link DatabaseUnavailableException} before
 * anything is read or written. Writes on the {@code DUAL} and {@code NEW} paths resolve the name
 * to its {@code name.id} through a bounded cache; on a miss, the lookup-or-insert of the Name row
 * and the NameLog write are one statement. A cached id is used only by a call of the
 * {@code name} table generation it was read under, and the cache is emptied whenever the flag
 * source says the generation moved on. Reads on the {@code NEW} path join through
 * {@code name_id} and, while the legacy column exists, fall back to its text for rows not
 * backfilled yet.
 *
 * <p>Thread-safe; create one per application and share it. Failures surface as
 * {@link NameLogDaoException}: {@link InvalidNameException} for input that cannot be stored
 * (nothing was written), {@link DatabaseUnavailableException} when the database cannot be
 * reached. Transient failures that certainly rolled back (serialization, deadlock, lock timeout)
 * are retried with backoff; a write whose connection broke mid-flight is never retried, because
 * it may have committed (see {@code DatabaseCalls}).
 */
public final class NameLogDao {

    private static final Logger log = LoggerFactory.getLogger(NameLogDao.class);

    private final SqlSessionFactory sessions;
    private final FlagSource flags;
    private final DaoConfig config;
    private final NameCache nameIds;
    private final DatabaseCalls calls;
    private final MeterRegistry registry;
    private final Counter shadowMismatches;

    private NameLogDao(SqlSessionFactory sessions, FlagSource flags, MeterRegistry registry, DaoConfig config) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.flags = Objects.requireNonNull(flags, "flags");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
        this.nameIds = new NameCache(config.nameCacheMaxBytes(), registry);
        this.calls = new DatabaseCalls(config, registry);
        // cleared by whichever thread moves the generation on (the fleet source's follower), so an
        // idle instance holds no id of a dropped table; ids of other generations are never used anyway
        flags.onNameTableChange(() -> {
            nameIds.clear();
            log.info("the name table may have been replaced: name cache cleared");
        });
        this.shadowMismatches = Counter.builder("namelog.dao.shadow.mismatches")
                .description("entries on which the name_id path disagreed with the legacy text")
                .register(registry);
    }

    /**
     * A DAO over {@code dataSource} (a pool; the DAO borrows a connection per call and never
     * closes the pool), switched by {@code flags}, reporting to {@code registry}.
     *
     * <p>{@code dataSource} serves the DAO's calls only. A database-backed flag source
     * ({@code org.namelog.dao.fleet.DatabaseFlagSource}) and its {@code Heartbeat} must be given a
     * {@code DataSource} of their own: when requests hold every connection of this pool, the
     * phase must still be read and the heartbeat still written, or the instance's lease runs out
     * and every call is refused.
     */
    public static NameLogDao create(DataSource dataSource, FlagSource flags, MeterRegistry registry, DaoConfig config) {
        return new NameLogDao(MyBatisSessions.factory(Objects.requireNonNull(dataSource, "dataSource")),
                flags, registry, config);
    }

    /** For unit tests of the routing: a DAO over the given sessions. */
    static NameLogDao create(SqlSessionFactory sessions, FlagSource flags, MeterRegistry registry, DaoConfig config) {
        return new NameLogDao(sessions, flags, registry, config);
    }

    // ------------------------------------------------------------------ writes

    /**
     * Inserts an entry and returns its id.
     *
     * @param name any string PostgreSQL can store, the empty string and {@code null} included
     * @throws InvalidNameException if the name cannot be stored exactly; nothing is written
     */
    public long insert(String name, int status) {
        NameRules.requireStorable("name", name);
        CallFlags call = callFlags();
        Paths paths = call.paths();
        return timed("insert", paths, () -> switch (paths.write()) {
            case LEGACY -> calls.write("insert", () -> inAutoCommit(m -> m.insertLegacy(name, status)));
            case DUAL, NEW -> insertWithNameId(name, status, paths.write() == WritePath.DUAL,
                    call.nameTableGeneration());
        });
    }

    private long insertWithNameId(String name, int status, boolean writeText, long generation) {
        Long cached = name == null ? null : nameIds.get(name, generation);
        if (name == null || cached != null) {
            return calls.write("insert", () -> inAutoCommit(m -> m.insertWithNameId(name, cached, status, writeText)));
        }
        WrittenRow row = calls.write("insert", () -> inTransaction(name, generation,
                m -> m.insertResolvingName(name, status, writeText)));
        return row.id();
    }

    /** Sets an entry's status; false if there is no entry with that id. */
    public boolean updateStatus(long id, int status) {
        Paths paths = callFlags().paths();
        return timed("updateStatus", paths,
                () -> calls.write("updateStatus", () -> inAutoCommit(m -> m.updateStatus(id, status))) > 0);
    }

    /**
     * Renames an entry; false if there is no entry with that id.
     *
     * @throws InvalidNameException if the name cannot be stored exactly; nothing is written
     */
    public boolean rename(long id, String newName) {
        NameRules.requireStorable("name", newName);
        CallFlags call = callFlags();
        Paths paths = call.paths();
        return timed("rename", paths, () -> {
            if (paths.write() == WritePath.LEGACY) {
                return calls.write("rename", () -> inAutoCommit(m -> m.renameLegacy(id, newName))) > 0;
            }
            boolean writeText = paths.write() == WritePath.DUAL;
            boolean clearText = paths.write() == WritePath.NEW && paths.nameColumn() == NameColumn.PRESENT;
            Long cached = newName == null ? null : nameIds.get(newName, call.nameTableGeneration());
            if (newName == null || cached != null) {
                return calls.write("rename", () -> inAutoCommit(
                        m -> m.renameWithNameId(id, newName, cached, writeText, clearText))) > 0;
            }
            WrittenRow row = calls.write("rename", () -> inTransaction(newName, call.nameTableGeneration(),
                    m -> m.renameResolvingName(id, newName, writeText, clearText)));
            return row != null;
        });
    }

    // ------------------------------------------------------------------ reads

    /** The entry with this id, read through the current read path. */
    public Optional<NameLogEntry> findById(long id) {
        Paths paths = callFlags().paths();
        return timed("findById", paths, () -> Optional.ofNullable(
                read("findById", paths, (m, source) -> m.selectById(source, id),
                        entry -> entry == null ? List.of() : List.of(entry))));
    }

    /**
     * Entries with exactly this name and an id above {@code afterId}, in id order: pass the last
     * id of one page as {@code afterId} of the next.
     *
     * @param name the name to match byte for byte; not null
     * @param limit 1 to {@link DaoConfig#maxPageSize()}
     */
    public List<NameLogEntry> findByName(String name, long afterId, int limit) {
        Objects.requireNonNull(name, "name");
        NameRules.requireStorable("name", name);
        requireLimit(limit);
        Paths paths = callFlags().paths();
        return timed("findByName", paths, () -> read("findByName", paths,
                (m, source) -> m.selectByName(source, name, afterId, limit), Function.identity()));
    }

    /** Entries with an id above {@code afterId}, in id order (keyset paging). */
    public List<NameLogEntry> list(long afterId, int limit) {
        requireLimit(limit);
        Paths paths = callFlags().paths();
        return timed("list", paths, () -> read("list", paths,
                (m, source) -> m.selectPage(source, afterId, limit), Function.identity()));
    }

    /** How many entries have each status, by status in ascending order. */
    public Map<Integer, Long> countByStatus() {
        Paths paths = callFlags().paths();
        return timed("countByStatus", paths, () -> {
            List<StatusCount> rows = calls.read("countByStatus", () -> inAutoCommit(NameLogMapper::countByStatus));
            Map<Integer, Long> counts = new TreeMap<>();
            rows.forEach(row -> counts.put(row.status(), row.count()));
            return Collections.unmodifiableMap(counts);
        });
    }

    // ------------------------------------------------------------------ state

    /** The paths the next call will use, if the flag source lets it run. */
    public Paths currentPaths() {
        return flags.current();
    }

    /** Whether the circuit breaker lets calls through (it is not OPEN). */
    public boolean databaseReachable() {
        CircuitBreaker.State state = calls.breakerState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Whether the database serves this DAO now: true while the circuit breaker is closed; once it
     * has been open for its open time, a cheap round trip runs as its one half-open call, and its
     * success closes the breaker. A health check calls this, so that an instance no client calls
     * still comes back.
     */
    public boolean probeDatabase() {
        return calls.probe(() -> {
            try (SqlSession session = sessions.openSession(true)) {
                if (!session.getConnection().isValid(2)) {
                    throw new NameLogDaoException("the database did not answer the probe",
                            new java.sql.SQLTransientConnectionException("no answer to the probe"));
                }
                return true;
            } catch (java.sql.SQLException e) {
                throw new NameLogDaoException("the probe failed", e);
            }
        });
    }

    /** How many names the cache holds now (approximate). */
    public long cachedNames() {
        return nameIds.estimatedSize();
    }

    // ------------------------------------------------------------------ internals

    /** The flags of one call; throws {@link DatabaseUnavailableException} if the source refuses it. */
    private CallFlags callFlags() {
        return flags.forCall();
    }

    /**
     * Runs a read through the read path; on SHADOW, through both, comparing them entry by entry
     * and returning the legacy result. The two SHADOW reads share one snapshot (a read-only
     * REPEATABLE READ transaction): read one after the other, a rename committed between them made
     * them differ although both were right, and the mismatch counter (and its alert) cried wolf.
     */
    private <R> R read(String operation, Paths paths, BiFunction<NameLogMapper, ReadSource, R> query,
            Function<R, List<NameLogEntry>> entries) {
        // NEW reads name_id only: the fleet reaches READ_NEW only after a verify of every row in the
        // same epoch, so no row needs the text; from NEW_ONLY on the text may be stale, and a fallback
        // to it would serve a name the entry no longer has. SHADOW only compares, while the backfill runs.
        ReadSource shadowSource = paths.nameColumn() == NameColumn.PRESENT
                ? ReadSource.NAME_ID_WITH_FALLBACK : ReadSource.NAME_ID;
        return switch (paths.read()) {
            case LEGACY -> calls.read(operation, () -> inAutoCommit(m -> query.apply(m, ReadSource.LEGACY_TEXT)));
            case NEW -> calls.read(operation, () -> inAutoCommit(m -> query.apply(m, ReadSource.NAME_ID)));
            case SHADOW -> {
                // Arrays.asList: a read by id of a missing entry is null on both paths
                List<R> both = calls.read(operation, () -> inOneSnapshot(
                        m -> Arrays.asList(query.apply(m, ReadSource.LEGACY_TEXT), query.apply(m, shadowSource))));
                R legacy = both.get(0);
                compare(operation, entries.apply(legacy), entries.apply(both.get(1)));
                yield legacy;
            }
        };
    }

    private void compare(String operation, List<NameLogEntry> legacy, List<NameLogEntry> viaNameId) {
        Map<Long, NameLogEntry> byId = new LinkedHashMap<>();
        viaNameId.forEach(e -> byId.put(e.id(), e));
        for (NameLogEntry expected : legacy) {
            NameLogEntry actual = byId.remove(expected.id());
            if (actual == null || !Objects.equals(expected.name(), actual.name())) {
                mismatch(operation, expected.id(), actual == null ? "missing through name_id" : "names differ");
            }
        }
        byId.keySet().forEach(id -> mismatch(operation, id, "found only through name_id"));
    }

    private void mismatch(String operation, long id, String what) {
        shadowMismatches.increment();
        // ids only: names may be personal data and megabytes long
        log.warn("shadow read mismatch in {} on entry {}: {}", operation, id, what);
    }

    /** Reads that must see one snapshot; the pool restores the connection's isolation level. */
    private <T> T inOneSnapshot(Function<NameLogMapper, T> work) {
        try (SqlSession session = sessions.openSession(TransactionIsolationLevel.REPEATABLE_READ)) {
            T result = work.apply(session.getMapper(NameLogMapper.class));
            session.commit(true);
            return result;
        }
    }

    private <T> T inAutoCommit(Function<NameLogMapper, T> work) {
        try (SqlSession session = sessions.openSession(true)) {
            leaseStillHeld(session);
            return work.apply(session.getMapper(NameLogMapper.class));
        }
    }

    /**
     * A write that may insert a Name row: its id enters the cache only once committed, and a
     * write that could not resolve the name is rolled back whole. So is a rename of an entry that
     * does not exist: its new Name row would be an orphan nobody refers to (a client could grow the
     * name table with megabyte values through 404s).
     */
    private WrittenRow inTransaction(String name, long generation, Function<NameLogMapper, WrittenRow> work) {
        WrittenRow row;
        try (SqlSession session = sessions.openSession(false)) {
            leaseStillHeld(session);
            row = work.apply(session.getMapper(NameLogMapper.class));
            if (row != null && row.nameId() == null) {
                session.rollback(true);
                throw new NameLogDaoException("name could not be resolved to a name row: its SHA-256 digest"
                        + " collides with another name's; nothing was written");
            }
            if (row == null) {
                session.rollback(true);
                return null;
            }
            session.commit(true);
        }
        if (row != null) {
            nameIds.put(name, row.nameId(), generation);
        }
        return row;
    }

    /**
     * Borrows the session's connection and asks the flag source again: waiting for a connection
     * may have outlasted the lease that let the call start.
     */
    private void leaseStillHeld(SqlSession session) {
        session.getConnection();
        flags.forCall();
    }

    private void requireLimit(int limit) {
        if (limit < 1 || limit > config.maxPageSize()) {
            throw new IllegalArgumentException("limit must be between 1 and " + config.maxPageSize() + " but was " + limit);
        }
    }

    private <T> T timed(String operation, Paths paths, Supplier<T> call) {
        Timer timer = Timer.builder("namelog.dao.calls")
                .description("DAO calls by operation and path")
                .tag("operation", operation)
                .tag("read", paths.read().name())
                .tag("write", paths.write().name())
                .publishPercentileHistogram()
                .register(registry);
        return timer.record(call);
    }
}
