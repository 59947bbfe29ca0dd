package org.namelog.dao.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Phase;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * An instance that cannot see the phase stops serving rather than guess (issue #9, problem 6, and
 * #10: background threads that die say so).
 */
@PostgresTest
class FailClosedIT {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String FLEET_ROLE = "fleet_lease_" + ProcessHandle.current().pid();

    private final TestDatabase db;

    FailClosedIT(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void schema(TestDatabase db) {
        db.expand();
        StateTables.create(db.dataSource());
        db.execute("CREATE ROLE " + FLEET_ROLE + " LOGIN PASSWORD 'fleet'",
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + FLEET_ROLE);
    }

    @AfterAll
    static void dropRole(TestDatabase db) {
        db.execute("DROP OWNED BY " + FLEET_ROLE, "DROP ROLE " + FLEET_ROLE);
    }

    @BeforeEach
    void dualWrite() {
        db.execute("DELETE FROM namelog_instances", "UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'",
                "ALTER ROLE " + FLEET_ROLE + " LOGIN");
    }

    @Test
    void instanceThatLostThePhaseStopsWriting() {
        // the request pool works throughout; only the fleet's own connections are cut off
        try (HikariDataSource fleetPool = fleetRolePool(); HikariDataSource requestPool = db.newPool("requests", 4)) {
            DatabaseFlagSource flags = DatabaseFlagSource.start(fleetPool,
                    new FlagSourceConfig(POLL, LEASE, ReadPin.NONE));
            try (flags; Heartbeat heartbeat = Heartbeat.start(fleetPool, flags,
                    new InstanceIdentity("lease-1", "test", "localhost"))) {
                NameLogDao dao = NameLogDao.create((DataSource) requestPool, flags, new SimpleMeterRegistry(),
                        DaoConfig.defaults().withRetryMaxAttempts(1));
                long id = dao.insert("before", 1);
                assertThat(db.queryLong("SELECT lease_ms FROM namelog_instances WHERE instance_id = 'lease-1'"))
                        .as("the lease the gate must wait out").isEqualTo(LEASE.toMillis());

                db.execute("ALTER ROLE " + FLEET_ROLE + " NOLOGIN",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + FLEET_ROLE + "'");
                await().atMost(WAIT).until(() -> !flags.leaseHeld());

                long rows = db.queryLong("SELECT count(*) FROM namelog");
                assertThatThrownBy(() -> dao.insert("after", 1)).isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessageContaining("rather than guess the fleet phase")
                        .hasMessageContaining("longer than its lease of 1000 ms")
                        .satisfies(e -> assertThat(((DatabaseUnavailableException) e).retryAfter()).isPositive());
                assertThatThrownBy(() -> dao.rename(id, "renamed")).isInstanceOf(DatabaseUnavailableException.class);
                assertThatThrownBy(() -> dao.updateStatus(id, 2)).isInstanceOf(DatabaseUnavailableException.class);
                assertThatThrownBy(() -> dao.findById(id)).as("reads too: the read path may be wrong as well")
                        .isInstanceOf(DatabaseUnavailableException.class);
                assertThat(db.queryLong("SELECT count(*) FROM namelog")).isEqualTo(rows);
                assertThat(db.queryRows("SELECT name, status FROM namelog WHERE id = " + id))
                        .containsExactly(java.util.List.of("before", 1));

                db.execute("ALTER ROLE " + FLEET_ROLE + " LOGIN");
                await().atMost(WAIT).until(flags::leaseHeld);
                assertThat(dao.rename(id, "renamed")).isTrue();
                assertThat(dao.findById(id)).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("renamed"));
            }
        } finally {
            db.execute("ALTER ROLE " + FLEET_ROLE + " LOGIN");
        }
    }

    @Test
    void aHeartbeatThatCannotBeWrittenEndsTheLeaseToo() {
        try (HikariDataSource pool = db.newPool("no-heartbeat", 4)) {
            DatabaseFlagSource flags = DatabaseFlagSource.start(pool, new FlagSourceConfig(POLL, LEASE, ReadPin.NONE));
            try (flags) {
                db.execute("REVOKE ALL ON namelog_instances FROM " + FLEET_ROLE);
                try (HikariDataSource fleetPool = fleetRolePool();
                        Heartbeat heartbeat = Heartbeat.start(fleetPool, flags,
                                new InstanceIdentity("unseen-1", "test", "localhost"))) {
                    // the phase reads go on, but the gate cannot see this instance: it serves nothing
                    assertThat(flags.state().stale()).isFalse();
                    assertThat(flags.leaseHeld()).isFalse();
                    assertThat(flags.sinceConfirmed()).isEmpty();
                    NameLogDao dao = NameLogDao.create((DataSource) pool, flags, new SimpleMeterRegistry(),
                            DaoConfig.defaults());
                    assertThatThrownBy(() -> dao.insert("unseen", 1)).isInstanceOf(DatabaseUnavailableException.class)
                            .hasMessageContaining("heartbeat has not been written yet");

                    db.execute("GRANT ALL ON namelog_instances TO " + FLEET_ROLE);
                    await().atMost(WAIT).until(flags::leaseHeld);
                    assertThat(dao.insert("seen", 1)).isPositive();
                    assertThat(heartbeat.running()).isTrue();
                }
            }
        } finally {
            db.execute("GRANT ALL ON namelog_instances TO " + FLEET_ROLE);
        }
    }

    @Test
    void missingPhaseTableIsAnErrorNotLegacy() {
        try (TestDatabase fresh = TestDatabase.createLegacy("fleet_no_state")) {
            assertThatThrownBy(() -> DatabaseFlagSource.start(fresh.dataSource(), FlagSourceConfig.defaults()))
                    .isInstanceOf(NameLogDaoException.class)
                    .hasMessageContaining("state tables do not exist")
                    .hasMessageContaining("namelog-migrate status");

            StateTables.create(fresh.dataSource());
            fresh.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
            try (DatabaseFlagSource flags = DatabaseFlagSource.start(fresh.dataSource(),
                    new FlagSourceConfig(POLL, LEASE, ReadPin.NONE))) {
                assertThat(flags.forCall().paths()).isEqualTo(Phase.DUAL_WRITE.paths());

                fresh.execute("DROP TABLE namelog_migration_phase");

                await().atMost(WAIT).until(() -> flags.state().stale());
                assertThat(flags.state().phase()).as("never LEGACY: the last phase read, stale").isEqualTo(Phase.DUAL_WRITE);
                assertThat(flags.refresh()).isFalse();
                await().atMost(WAIT).until(() -> !flags.leaseHeld());
                assertThatThrownBy(flags::forCall).isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessageContaining("phase unreadable");
            }
        }
    }

    @Test
    void anErrorOnTheHeartbeatThreadEndsItVisiblyAndTheLeaseRunsOut() {
        try (HikariDataSource pool = db.newPool("dying-heartbeat", 4)) {
            DatabaseFlagSource flags = DatabaseFlagSource.start(pool, new FlagSourceConfig(POLL, LEASE, ReadPin.NONE));
            try (flags; Heartbeat heartbeat = Heartbeat.start(pool, flags,
                    new InstanceIdentity("dying-1", "test", "localhost"))) {
                assertThat(heartbeat.running()).isTrue();

                heartbeat.beforeScheduledBeat(() -> {
                    throw new OutOfMemoryError("injected");
                });

                await().atMost(WAIT).until(() -> !heartbeat.running());
                assertThat(heartbeat.failure()).containsInstanceOf(OutOfMemoryError.class);
                await().atMost(WAIT).until(() -> !flags.leaseHeld());
                assertThat(flags.following()).as("the follower itself goes on").isTrue();
                assertThatThrownBy(flags::forCall).isInstanceOf(DatabaseUnavailableException.class);
            }
        }
    }

    @Test
    void anErrorOnTheFollowerThreadEndsItVisiblyAndTheLeaseRunsOut() {
        try (HikariDataSource pool = db.newPool("dying-follower", 4);
                DatabaseFlagSource flags = DatabaseFlagSource.start(pool,
                        new FlagSourceConfig(POLL, LEASE, ReadPin.NONE))) {
            flags.onChange(() -> {
                throw new IllegalStateException("a listener bug is survived");
            });
            db.execute("UPDATE namelog_migration_phase SET phase = 'READ_NEW'");
            await().atMost(WAIT).until(() -> flags.state().phase() == Phase.READ_NEW);
            assertThat(flags.following()).isTrue();

            flags.onChange(() -> {
                throw new StackOverflowError("injected");
            });
            db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");

            await().atMost(WAIT).until(() -> !flags.following());
            assertThat(flags.followerFailure()).containsInstanceOf(StackOverflowError.class);
            await().atMost(WAIT).until(() -> !flags.leaseHeld());
            assertThatThrownBy(flags::forCall).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("phase follower stopped");
        }
    }

    private HikariDataSource fleetRolePool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(FLEET_ROLE);
        config.setPassword("fleet");
        config.setPoolName("fleet-role");
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(500);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
