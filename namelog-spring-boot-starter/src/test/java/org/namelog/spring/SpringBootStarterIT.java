package org.namelog.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import javax.sql.DataSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogEntry;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.dao.fleet.StateTables;
import org.namelog.spring.app.FlagSystemPin;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application with the starter, walked through the whole rollout by the
 * migration tool's own commands, reading and writing through the injected DAO in every phase.
 */
@PostgresTest
class SpringBootStarterIT {

    /** Names that tell exact storage from almost-exact: empty, NULL, case, spaces, Unicode forms, long. */
    private static final List<String> NAMES = Arrays.asList("", null, "Müller", "Mu\u0308ller", "müller", " müller ",
            "tab\there", "emoji \uD83D\uDE00", "x".repeat(5_000));

    @Test
    void anApplicationWithTheStarterReadsBackEveryEntryExactlyInEveryPhaseOfTheRollout() {
        try (TestDatabase db = TestDatabase.createLegacy("starter_rollout")) {
            walkTheRollout(db);
        }
    }

    private static void walkTheRollout(TestDatabase db) {
        // the tool's coordination tables, as namelog-migrate creates them before its first step
        StateTables.create(db.dataSource());
        Map<Long, String> written = new LinkedHashMap<>();
        String instanceId;
        try (ConfigurableApplicationContext app = TestApp.start(db, "namelog.poll-interval=100ms")) {
            NameLogDao dao = app.getBean(NameLogDao.class);
            FleetMembership fleet = app.getBean(FleetMembership.class);
            instanceId = fleet.identity().instanceId();
            assertThat(fleet.identity().service()).isEqualTo("orders");

            writeAndReadBack(dao, written, Phase.LEGACY);
            assertHealth(app, Phase.LEGACY);
            assertThat(Tool.ok(db, "instances").out()).contains(instanceId);

            Tool.ok(db, "expand");
            advance(db, fleet, Phase.DUAL_WRITE);
            writeAndReadBack(dao, written, Phase.DUAL_WRITE);

            Tool.ok(db, "backfill", "--no-progress");
            Tool.ok(db, "verify");
            Tool.ok(db, "validate");
            writeAndReadBack(dao, written, Phase.DUAL_WRITE);

            for (Phase phase : List.of(Phase.READ_NEW, Phase.NEW_ONLY, Phase.CONTRACTED)) {
                advance(db, fleet, phase);
                writeAndReadBack(dao, written, phase);
                assertHealth(app, phase);
            }
            Tool.ok(db, "contract", "--yes");
            writeAndReadBack(dao, written, Phase.CONTRACTED);
            assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'namelog' AND column_name = 'name'")).isZero();

            Map<String, Object> info = app.getBean(InfoEndpoint.class).info();
            assertThat(info).containsKey("namelog");
            assertThat(info.get("namelog").toString()).contains("phase=CONTRACTED").contains(instanceId);
            assertThat(db.queryLong("SELECT count(*) FROM namelog_instances WHERE instance_id = '" + instanceId + "'"))
                    .isEqualTo(1);
        }
        // the context closed: the heartbeat row is gone at once, so the gate stops counting this instance
        assertThat(db.queryLong("SELECT count(*) FROM namelog_instances WHERE instance_id = '" + instanceId + "'"))
                .isZero();
    }

    @Test
    void healthIsDownWhileThePhaseCannotBeFollowedAndUpAgainOnceItCan(TestDatabase db) {
        StateTables.create(db.dataSource());
        try (ConfigurableApplicationContext app = TestApp.start(db, "namelog.poll-interval=50ms")) {
            HealthEndpoint endpoint = app.getBean(HealthEndpoint.class);
            assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);

            // a phase this version does not know: the instance keeps its paths and never guesses
            db.execute("UPDATE namelog_migration_phase SET phase = 'SOME_FUTURE_PHASE'");
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.health().getStatus(), Status.DOWN::equals);
            Health down = (Health) endpoint.healthForPath("namelog");
            assertThat(down.getDetails()).containsEntry("stale", true).containsEntry("phase", "LEGACY");

            db.execute("UPDATE namelog_migration_phase SET phase = 'LEGACY'");
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.health().getStatus(), Status.UP::equals);
        } finally {
            db.execute("UPDATE namelog_migration_phase SET phase = 'LEGACY'");
        }
    }

    @Test
    void aReadPinSourceBeanPinsTheApplicationAtRunTimeAndTheHeartbeatShowsIt() {
        try (TestDatabase db = TestDatabase.createLegacy("starter_pin")) {
            StateTables.create(db.dataSource());
            db.expand();
            db.execute("UPDATE namelog_migration_phase SET phase = 'DUAL_WRITE'");
            FlagSystemPin.PIN.set(ReadPin.NONE);
            try (ConfigurableApplicationContext app = TestApp.start(db, "namelog.poll-interval=50ms",
                    "test.flag-system-pin=true", "namelog.instance-id=pinned-1")) {
                HealthEndpoint endpoint = app.getBean(HealthEndpoint.class);
                assertThat(((Health) endpoint.healthForPath("namelog")).getDetails()).containsEntry("readPath", "LEGACY");

                FlagSystemPin.PIN.set(ReadPin.SHADOW);
                await().atMost(Duration.ofSeconds(10)).until(() -> db.queryRows(
                        "SELECT read_path FROM namelog_instances WHERE instance_id = 'pinned-1'"), List.of(List.of("SHADOW"))::equals);
                assertThat(((Health) endpoint.healthForPath("namelog")).getDetails()).containsEntry("readPath", "SHADOW");
                long id = app.getBean(NameLogDao.class).insert("read through both paths", 1);
                assertThat(app.getBean(NameLogDao.class).findById(id).orElseThrow().name()).isEqualTo("read through both paths");
            } finally {
                FlagSystemPin.PIN.set(ReadPin.NONE);
            }
        }
    }

    @Test
    void thePhaseIsStillFollowedWhileRequestsHoldEveryConnectionOfTheApplicationsPool(TestDatabase db) throws Exception {
        StateTables.create(db.dataSource());
        try (ConfigurableApplicationContext app = TestApp.start(db, "namelog.poll-interval=50ms",
                "namelog.instance-id=saturated-1")) {
            DataSource pool = app.getBean(DataSource.class);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) { // spring.datasource.hikari.maximum-pool-size
                    held.add(pool.getConnection());
                }
                Object before = db.queryRows("SELECT last_seen FROM namelog_instances WHERE instance_id = 'saturated-1'");
                // the heartbeat goes on, on the fleet's own connections, and the lease holds
                await().atMost(Duration.ofSeconds(10)).until(() -> !db.queryRows(
                        "SELECT last_seen FROM namelog_instances WHERE instance_id = 'saturated-1'").equals(before));
                FleetMembership fleet = app.getBean(FleetMembership.class);
                assertThat(fleet.serving()).isTrue();
                assertThat(fleet.state().stale()).isFalse();
                assertThat(app.getBean(HealthEndpoint.class).healthForPath("namelog").getStatus()).isEqualTo(Status.UP);
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "namelog.poll-interval=-1s           | namelog.poll-interval",
            "namelog.poll-interval=5s            | namelog.poll-interval",
            "namelog.dao.retry-max-attempts=0    | namelog.dao.retry-max-attempts",
            "namelog.read-pin=NEW                | namelog.read-pin",
            "namelog.read-pin=NEW                | use one of NONE, LEGACY, SHADOW"})
    void aWrongPropertyStopsStartUpWithAMessageNamingIt(String property, String name, TestDatabase db) {
        StateTables.create(db.dataSource());
        assertThatThrownBy(() -> TestApp.start(db, property).close())
                .satisfies(e -> assertThat(messages(e)).contains(name));
        assertThat(db.queryLong("SELECT count(*) FROM namelog_instances")).isZero();
    }

    private static void advance(TestDatabase db, FleetMembership fleet, Phase phase) {
        Tool.ok(db, "advance", "--to", phase.name());
        // the tool returns once every live instance reported the phase: this one included
        assertThat(fleet.state().phase()).isEqualTo(phase);
    }

    private static void writeAndReadBack(NameLogDao dao, Map<Long, String> written, Phase phase) {
        assertThat(dao.currentPaths()).isEqualTo(phase.paths());
        for (String name : NAMES) {
            String tagged = name == null ? null : name + " @" + phase;
            written.put(dao.insert(tagged, 1), tagged);
        }
        // rename one entry from every earlier phase, to another name and to NULL
        Long first = written.keySet().iterator().next();
        String renamed = "renamed in " + phase;
        assertThat(dao.rename(first, renamed)).isTrue();
        written.put(first, renamed);
        Long second = written.keySet().stream().skip(1).findFirst().orElseThrow();
        assertThat(dao.rename(second, null)).isTrue();
        written.put(second, null);

        written.forEach((id, name) -> {
            NameLogEntry entry = dao.findById(id).orElseThrow(() -> new AssertionError("entry " + id + " is gone in " + phase));
            assertThat(entry.name()).as("entry %d in %s", id, phase).isEqualTo(name);
        });
    }

    private static void assertHealth(ConfigurableApplicationContext app, Phase phase) {
        HealthComponent component = app.getBean(HealthEndpoint.class).healthForPath("namelog");
        assertThat(component).isInstanceOf(Health.class);
        Health health = (Health) component;
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("phase", phase.name())
                .containsEntry("readPath", phase.paths().read().name())
                .containsEntry("writePath", phase.paths().write().name())
                .containsEntry("stale", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> app.getBean(HealthEndpoint.class).health().getStatus(),
                Status.UP::equals);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
