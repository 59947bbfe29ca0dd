package org.namelog.dao.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * A cached name id belongs to one {@code name} table: after a step back to LEGACY, a rollback of
 * expand and a second expand, the recreated table numbers from 1 again, and no instance may write
 * an id it cached from the old one (issue #9, problem 1).
 */
@PostgresTest
class NameTableGenerationIT {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void staleNameCacheAfterRollbackAndSecondExpand() {
        try (TestDatabase db = TestDatabase.createLegacy("stale_name_cache")) {
            StateTables.create(db.dataSource());
            PhaseGate gate = PhaseGate.create(db.dataSource(),
                    GateConfig.defaults().withInstanceTtl(Duration.ofSeconds(5)), Prerequisites.NONE);
            try (Instance idle = Instance.start(db, "idle-1", POLL)) {
                db.expand();
                gate.advance(Phase.DUAL_WRITE, WAIT);
                long first = idle.dao.insert("alice", 1);
                long aliceId = db.queryLong("SELECT name_id FROM namelog WHERE id = " + first);
                assertThat(idle.dao.cachedNames()).isEqualTo(1);

                // the rollout steps back and starts again; the idle instance serves nothing meanwhile
                gate.back(Phase.LEGACY, WAIT);
                db.applyUndo(5, 4, 3, 2);
                db.expand();
                gate.advance(Phase.DUAL_WRITE, WAIT);
                try (Instance other = Instance.start(db, "other-1", POLL)) {
                    long bob = other.dao.insert("bob", 1);
                    assertThat(db.queryLong("SELECT name_id FROM namelog WHERE id = " + bob))
                            .as("the recreated name table numbers from 1 again: bob has alice's old id")
                            .isEqualTo(aliceId);
                }

                long second = idle.dao.insert("alice", 1);

                assertThat(nameThroughNameId(db, second)).isEqualTo("alice");
            }
        }
    }

    @Test
    void anInstanceThatMissedTheStepBackForgetsItsIdsWhenItSeesAnotherNameTable() {
        try (TestDatabase db = TestDatabase.createLegacy("missed_step_back")) {
            StateTables.create(db.dataSource());
            db.expand();
            db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
            // polls once an hour and is never notified: it sees only what refresh() shows it, like an
            // instance cut off from the database for the whole stretch back on LEGACY
            try (Instance cutOff = Instance.start(db, "cut-off-1", Duration.ofHours(1))) {
                long first = cutOff.dao.insert("alice", 1);
                FlagState before = cutOff.flags.state();

                db.execute("UPDATE namelog_migration_phase SET phase = 'LEGACY'");
                db.applyUndo(5, 4, 3, 2);
                db.expand();
                db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
                NameLogDao other = NameLogDao.create(db.dataSource(), StaticFlagSource.of(Phase.DUAL_WRITE),
                        new SimpleMeterRegistry(), DaoConfig.defaults());
                other.insert("bob", 1);
                assertThat(cutOff.flags.state()).as("it has not noticed anything yet").isEqualTo(before);

                assertThat(cutOff.flags.refresh()).isTrue();

                FlagState after = cutOff.flags.state();
                assertThat(after.phase()).isEqualTo(Phase.DUAL_WRITE);
                assertThat(after.nameTable()).isNotEqualTo(before.nameTable()).isNotZero();
                assertThat(after.nameTableGeneration()).isGreaterThan(before.nameTableGeneration());
                assertThat(cutOff.dao.cachedNames()).as("cleared by the thread that noticed").isZero();
                long second = cutOff.dao.insert("alice", 1);
                assertThat(nameThroughNameId(db, second)).isEqualTo("alice");
                assertThat(first).isLessThan(second);
            }
        }
    }

    @Test
    void aStretchOnLegacyStartsANewGenerationEvenWithTheSameTable() {
        try (TestDatabase db = TestDatabase.createLegacy("legacy_generation")) {
            StateTables.create(db.dataSource());
            db.expand();
            db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
            try (Instance instance = Instance.start(db, "i-1", Duration.ofHours(1))) {
                instance.dao.insert("carol", 1);
                FlagState before = instance.flags.state();

                db.execute("UPDATE namelog_migration_phase SET phase = 'LEGACY'");
                assertThat(instance.flags.refresh()).isTrue();

                assertThat(instance.flags.state().nameTable()).isEqualTo(before.nameTable());
                assertThat(instance.flags.state().nameTableGeneration()).isGreaterThan(before.nameTableGeneration());
                assertThat(instance.dao.cachedNames()).isZero();
            }
        }
    }

    private static String nameThroughNameId(TestDatabase db, long id) {
        return (String) db.queryRows("SELECT n.value FROM namelog l JOIN name n ON n.id = l.name_id WHERE l.id = " + id)
                .get(0).get(0);
    }

    /** One instance as a service runs it: the fleet's own pool, flag source, heartbeat, and a DAO on its pool. */
    private record Instance(HikariDataSource fleetPool, HikariDataSource requestPool, DatabaseFlagSource flags,
            Heartbeat heartbeat, NameLogDao dao) implements AutoCloseable {

        static Instance start(TestDatabase db, String id, Duration poll) {
            HikariDataSource fleetPool = db.newPool(id + "-fleet", 3);
            HikariDataSource requestPool = db.newPool(id, 4);
            DatabaseFlagSource flags = DatabaseFlagSource.start(fleetPool, new FlagSourceConfig(poll, ReadPin.NONE));
            Heartbeat heartbeat = Heartbeat.start(fleetPool, flags, new InstanceIdentity(id, "test", "localhost"));
            NameLogDao dao = NameLogDao.create((DataSource) requestPool, flags, new SimpleMeterRegistry(),
                    DaoConfig.defaults().withRetryMaxAttempts(1));
            return new Instance(fleetPool, requestPool, flags, heartbeat, dao);
        }

        @Override
        public void close() {
            heartbeat.close();
            flags.close();
            fleetPool.close();
            requestPool.close();
        }
    }
}
