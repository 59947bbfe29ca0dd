package org.namelog.dao.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

@PostgresTest
class FleetCoordinationIT {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OUTAGE_ROLE = "fleet_outage_" + ProcessHandle.current().pid();

    private final TestDatabase db;
    private final PhaseGate gate;

    FleetCoordinationIT(TestDatabase db) {
        this.db = db;
        this.gate = PhaseGate.create(db.dataSource(), GateConfig.defaults().withInstanceTtl(Duration.ofSeconds(2)),
                Prerequisites.NONE);
    }

    @BeforeAll
    static void schema(TestDatabase db) {
        db.expand();
        StateTables.create(db.dataSource());
        StateTables.create(db.dataSource()); // idempotent
        db.execute("CREATE ROLE " + OUTAGE_ROLE + " LOGIN PASSWORD 'outage'",
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + OUTAGE_ROLE,
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + OUTAGE_ROLE);
    }

    @AfterAll
    static void dropRole(TestDatabase db) {
        db.execute("DROP OWNED BY " + OUTAGE_ROLE, "DROP ROLE " + OUTAGE_ROLE);
    }

    @BeforeEach
    void legacyFleet() {
        db.execute("DELETE FROM namelog_instances", "UPDATE namelog_migration_phase SET phase = 'LEGACY'");
    }

    @Test
    void advanceWaitsUntilBothInstancesReportTheNewPhase() {
        try (Instance a = Instance.start(db.newPool("a", 4), "a-1", ReadPin.NONE);
                Instance b = Instance.start(db.newPool("b", 4), "b-1", ReadPin.NONE)) {
            awaitHeartbeats("a-1", "b-1");

            PhaseChange change = gate.advance(Phase.DUAL_WRITE, WAIT);

            assertThat(change.from()).isEqualTo(Phase.LEGACY);
            assertThat(change.changed()).isTrue();
            assertThat(change.live()).extracting(FleetInstance::instanceId).containsExactly("a-1", "b-1");
            assertThat(change.live()).allSatisfy(i -> assertThat(i.isOn(Phase.DUAL_WRITE)).isTrue());
            assertThat(a.flags.current()).isEqualTo(Phase.DUAL_WRITE.paths());
            assertThat(b.flags.current()).isEqualTo(Phase.DUAL_WRITE.paths());
            assertThat(gate.currentPhase()).isEqualTo(Phase.DUAL_WRITE);

            // the DAO follows: a DUAL write fills name_id
            long id = a.dao.insert("written in DUAL_WRITE", 1);
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE id = " + id + " AND name_id IS NOT NULL"))
                    .isEqualTo(1);

            PhaseChange back = gate.back(Phase.LEGACY, WAIT);
            assertThat(back.live()).allSatisfy(i -> assertThat(i.isOn(Phase.LEGACY)).isTrue());
            assertThat(b.flags.current()).isEqualTo(Phase.LEGACY.paths());
        }
        assertThat(db.queryLong("SELECT count(*) FROM namelog_instances")).as("rows removed on close").isZero();
    }

    @Test
    void aNotificationSwitchesAnInstanceLongBeforeItsNextPoll() {
        PhaseGate patient = PhaseGate.create(db.dataSource(),
                GateConfig.defaults().withInstanceTtl(Duration.ofHours(1)), Prerequisites.NONE);
        try (Instance slow = Instance.start(db.newPool("slow", 4), "slow-1", ReadPin.NONE, Duration.ofHours(1))) {
            await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE query = 'LISTEN namelog_phase' AND datname = current_database()") == 1);

            PhaseChange change = patient.advance(Phase.DUAL_WRITE, WAIT);

            assertThat(change.live()).extracting(FleetInstance::instanceId).containsExactly("slow-1");
            assertThat(slow.flags.current()).isEqualTo(Phase.DUAL_WRITE.paths());
        }
    }

    @Test
    void refusesToSkipAPhaseOrToMoveTheWrongWay() {
        assertThatThrownBy(() -> gate.advance(Phase.READ_NEW, WAIT))
                .isInstanceOf(PhaseChangeRefusedException.class)
                .hasMessageContaining("one step at a time").hasMessageContaining("advance to DUAL_WRITE first");
        assertThatThrownBy(() -> gate.back(Phase.DUAL_WRITE, WAIT))
                .isInstanceOf(PhaseChangeRefusedException.class).hasMessageContaining("advance instead");
        db.execute("UPDATE namelog_migration_phase SET phase = 'READ_NEW'");
        assertThatThrownBy(() -> gate.back(Phase.LEGACY, WAIT)).isInstanceOf(PhaseChangeRefusedException.class)
                .hasMessageContaining("go back to DUAL_WRITE first")
                .satisfies(e -> assertThat(((PhaseChangeRefusedException) e).reasons()).hasSize(1));
        assertThatThrownBy(() -> gate.advance(Phase.LEGACY, WAIT))
                .isInstanceOf(PhaseChangeRefusedException.class).hasMessageContaining("go back instead");
        assertThat(gate.currentPhase()).isEqualTo(Phase.READ_NEW);
        db.execute("UPDATE namelog_migration_phase SET phase = 'LEGACY'");
        // asking for the phase the fleet is already on only waits for the fleet
        assertThat(gate.back(Phase.LEGACY, WAIT).changed()).isFalse();
        assertThat(gate.currentPhase()).isEqualTo(Phase.LEGACY);
    }

    @Test
    void refusesWhenTheCallersPrerequisitesAreUnmet() {
        db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
        PhaseGate strict = PhaseGate.create(db.dataSource(), GateConfig.defaults(),
                (from, to) -> to == Phase.READ_NEW ? List.of("the backfill is not verified: run verify") : List.of());

        assertThatThrownBy(() -> strict.advance(Phase.READ_NEW, WAIT))
                .isInstanceOf(PhaseChangeRefusedException.class)
                .hasMessageContaining("the backfill is not verified: run verify");
        assertThat(strict.currentPhase()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(strict.back(Phase.LEGACY, WAIT).to()).isEqualTo(Phase.LEGACY);
    }

    @Test
    void newOnlyNeedsANullableNameColumn() {
        db.execute("UPDATE namelog_migration_phase SET phase = 'READ_NEW'",
                "ALTER TABLE namelog ALTER COLUMN name SET NOT NULL");
        try {
            assertThatThrownBy(() -> gate.advance(Phase.NEW_ONLY, WAIT))
                    .isInstanceOf(PhaseChangeRefusedException.class).hasMessageContaining("namelog.name is NOT NULL");
        } finally {
            db.execute("ALTER TABLE namelog ALTER COLUMN name DROP NOT NULL");
        }
        assertThat(gate.advance(Phase.NEW_ONLY, WAIT).to()).isEqualTo(Phase.NEW_ONLY);
    }

    @Test
    void contractNeedsEveryLiveInstanceOnNewOnly() {
        db.execute("UPDATE namelog_migration_phase SET phase = 'NEW_ONLY'");
        insertInstanceRow("old-1", Phase.READ_NEW);

        assertThatThrownBy(() -> gate.advance(Phase.CONTRACTED, WAIT))
                .isInstanceOf(PhaseChangeRefusedException.class)
                .hasMessageContaining("instance old-1 (service crashed on host ghost) is on READ_NEW")
                .hasMessageContaining("every instance must be on NEW_ONLY before the contract");
        assertThat(gate.currentPhase()).isEqualTo(Phase.NEW_ONLY);
    }

    @Test
    void anInstanceThatStopsHeartbeatingIsAStragglerUntilItsTtlExpires() {
        try (Instance a = Instance.start(db.newPool("live", 4), "live-1", ReadPin.NONE)) {
            awaitHeartbeats("live-1");
            // what a killed process leaves behind: its last heartbeat, never refreshed
            insertInstanceRow("crashed-1", Phase.LEGACY);

            PhaseGate gate = PhaseGate.create(db.dataSource(),
                    GateConfig.defaults().withInstanceTtl(Duration.ofSeconds(4)), Prerequisites.NONE);
            assertThatThrownBy(() -> gate.advance(Phase.DUAL_WRITE, Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(FleetSwitchTimeoutException.class, timeout -> {
                        assertThat(timeout.stragglers()).extracting(FleetInstance::instanceId)
                                .contains("crashed-1");
                        assertThat(timeout.getMessage()).contains(
                                "instance crashed-1 (service crashed on host ghost) is on LEGACY", "last seen");
                    });
            assertThat(gate.currentPhase()).as("the phase stays set").isEqualTo(Phase.DUAL_WRITE);

            // run again: the gate only waits, and the crashed instance stops blocking after its 4 s TTL
            PhaseChange change = gate.advance(Phase.DUAL_WRITE, WAIT);

            assertThat(change.changed()).isFalse();
            assertThat(change.live()).extracting(FleetInstance::instanceId).containsExactly("live-1");
            assertThat(a.flags.current()).isEqualTo(Phase.DUAL_WRITE.paths());
            assertThat(gate.instances()).filteredOn(i -> i.instanceId().equals("crashed-1"))
                    .singleElement().satisfies(i -> assertThat(i.live()).isFalse());
        }
    }

    @Test
    void anInstanceThatLosesTheDatabaseKeepsItsLastPathsAndNeverGuesses() {
        try (Instance a = Instance.start(outagePool(), "cut-off-1", ReadPin.NONE);
                Instance b = Instance.start(db.newPool("steady", 4), "steady-1", ReadPin.NONE)) {
            awaitHeartbeats("cut-off-1", "steady-1");
            gate.advance(Phase.DUAL_WRITE, WAIT);

            db.execute("ALTER ROLE " + OUTAGE_ROLE + " NOLOGIN",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + OUTAGE_ROLE + "'");
            await().atMost(WAIT).until(() -> a.flags.state().stale());

            // the rest of the fleet moves on once the cut-off instance's TTL expired
            PhaseChange change = gate.advance(Phase.READ_NEW, WAIT);
            assertThat(change.live()).extracting(FleetInstance::instanceId).containsExactly("steady-1");
            assertThat(b.flags.current()).isEqualTo(Phase.READ_NEW.paths());

            assertThat(a.flags.refresh()).isFalse();
            assertThat(a.flags.state().phase()).isEqualTo(Phase.DUAL_WRITE);
            assertThat(a.flags.current()).isEqualTo(Phase.DUAL_WRITE.paths());
            assertThatThrownBy(() -> a.dao.findById(1)).isInstanceOf(DatabaseUnavailableException.class);

            db.execute("ALTER ROLE " + OUTAGE_ROLE + " LOGIN");
            await().atMost(WAIT).until(() -> !a.flags.state().stale());
            assertThat(a.flags.state().phase()).isEqualTo(Phase.READ_NEW);
            await().atMost(WAIT).until(() -> gate.instances().stream()
                    .anyMatch(i -> i.instanceId().equals("cut-off-1") && i.live() && i.isOn(Phase.READ_NEW)
                            && !i.stale()));
        } finally {
            db.execute("ALTER ROLE " + OUTAGE_ROLE + " LOGIN");
        }
    }

    @Test
    void aReadPinHoldsReadsBackAndBlocksNewOnly() {
        db.execute("UPDATE namelog_migration_phase SET phase = 'READ_NEW'");
        try (Instance pinned = Instance.start(db.newPool("pinned", 4), "pinned-1", ReadPin.LEGACY)) {
            assertThat(pinned.flags.current()).isEqualTo(Paths.of(ReadPath.LEGACY, WritePath.DUAL));
            awaitHeartbeats("pinned-1");
            assertThat(gate.instances()).singleElement()
                    .satisfies(i -> assertThat(i.readPath()).isEqualTo("LEGACY"));

            assertThatThrownBy(() -> gate.advance(Phase.NEW_ONLY, WAIT))
                    .isInstanceOf(PhaseChangeRefusedException.class)
                    .hasMessageContaining("instance pinned-1").hasMessageContaining("remove its read pin");

            // should the phase move anyway, correct reads win over the pin
            db.execute("UPDATE namelog_migration_phase SET phase = 'NEW_ONLY'");
            await().atMost(WAIT).until(() -> pinned.flags.current().equals(Phase.NEW_ONLY.paths()));
            db.execute("UPDATE namelog_migration_phase SET phase = 'READ_NEW'");
            await().atMost(WAIT).until(() -> pinned.flags.state().phase() == Phase.READ_NEW);
            assertThat(pinned.flags.current()).as("the pin stays released").isEqualTo(Phase.READ_NEW.paths());
        }
    }

    @Test
    void aPinnedInstanceRefusesToStartFromNewOnlyOn() {
        db.execute("UPDATE namelog_migration_phase SET phase = 'NEW_ONLY'");
        assertThatThrownBy(() -> DatabaseFlagSource.start(db.dataSource(),
                FlagSourceConfig.defaults().withReadPin(ReadPin.LEGACY)))
                .isInstanceOf(NameLogDaoException.class)
                .hasMessageContaining("read pin LEGACY is not allowed").hasMessageContaining("NAMELOG_READ_PIN");
    }

    @Test
    void thereIsNoWayBackOnceTheNameColumnIsDropped() {
        try (TestDatabase contracted = TestDatabase.createLegacy("fleet_contracted")) {
            contracted.expandAndContract();
            StateTables.create(contracted.dataSource());
            contracted.execute("UPDATE namelog_migration_phase SET phase = 'CONTRACTED'");
            PhaseGate contractedGate = PhaseGate.create(contracted.dataSource(), GateConfig.defaults(),
                    Prerequisites.NONE);

            assertThatThrownBy(() -> contractedGate.back(Phase.NEW_ONLY, WAIT))
                    .isInstanceOf(PhaseChangeRefusedException.class).hasMessageContaining("no way back");
            assertThat(contractedGate.currentPhase()).isEqualTo(Phase.CONTRACTED);
        }
    }

    @Test
    void anUnreachableDatabaseAtStartUpIsRefusedRatherThanGuessed() {
        HikariDataSource pool = outagePool();
        db.execute("ALTER ROLE " + OUTAGE_ROLE + " NOLOGIN");
        try {
            assertThatThrownBy(() -> DatabaseFlagSource.start(pool, FlagSourceConfig.defaults()))
                    .isInstanceOf(NameLogDaoException.class).hasMessageContaining("never guesses its phase");
        } finally {
            db.execute("ALTER ROLE " + OUTAGE_ROLE + " LOGIN");
            pool.close();
        }
    }

    private HikariDataSource outagePool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(OUTAGE_ROLE);
        config.setPassword("outage");
        config.setPoolName("outage");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(500);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private void insertInstanceRow(String id, Phase phase) {
        db.execute("INSERT INTO namelog_instances (instance_id, service, host, phase, read_path, write_path)"
                + " VALUES ('" + id + "', 'crashed', 'ghost', '" + phase + "', '" + phase.paths().read() + "', '"
                + phase.paths().write() + "')");
    }

    private void awaitHeartbeats(String... ids) {
        await().atMost(WAIT).until(() -> gate.instances().stream().filter(FleetInstance::live)
                .map(FleetInstance::instanceId).toList().containsAll(List.of(ids)));
    }

    /** One DAO instance as a service runs it: pool, flag source, heartbeat, DAO. */
    private record Instance(HikariDataSource pool, DatabaseFlagSource flags, Heartbeat heartbeat, NameLogDao dao)
            implements AutoCloseable {

        static Instance start(HikariDataSource pool, String id, ReadPin pin) {
            return start(pool, id, pin, POLL);
        }

        static Instance start(HikariDataSource pool, String id, ReadPin pin, Duration poll) {
            DatabaseFlagSource flags = DatabaseFlagSource.start(pool, new FlagSourceConfig(poll, pin));
            Heartbeat heartbeat = Heartbeat.start(pool, flags, new InstanceIdentity(id, "test", "localhost"));
            NameLogDao dao = NameLogDao.create((DataSource) pool, flags, new SimpleMeterRegistry(),
                    DaoConfig.defaults().withRetryMaxAttempts(1));
            return new Instance(pool, flags, heartbeat, dao);
        }

        @Override
        public void close() {
            heartbeat.close();
            flags.close();
            pool.close();
        }
    }
}
