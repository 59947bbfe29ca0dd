package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.dao.flag.Phase;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/** advance, back and instances, as the operator runs them, with live DAO instances heartbeating. */
@PostgresTest
class FleetCommandsIT {

    private static final Duration POLL = Duration.ofMillis(200);

    /** One service instance's coordination: its flag source and heartbeat on a pool of its own. */
    private record Instance(HikariDataSource pool, DatabaseFlagSource flags, Heartbeat heartbeat) implements AutoCloseable {

        static Instance start(TestDatabase db, String id, Duration poll) {
            HikariDataSource pool = db.newPool(id, 3);
            DatabaseFlagSource flags = DatabaseFlagSource.start(pool, new FlagSourceConfig(poll, ReadPin.NONE));
            return new Instance(pool, flags, Heartbeat.start(pool, flags, new InstanceIdentity(id, "service-x", "host-1")));
        }

        @Override
        public void close() {
            heartbeat.close();
            flags.close();
            pool.close();
        }
    }

    @Test
    void theRolloutMovesOnePhaseAtATimeOnlyWhenItsPrerequisitesHoldAndTheFleetFollows(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status) SELECT 'n' || (i % 7), 1 FROM generate_series(1, 500) i");
        ToolRun.setPhase(db, "LEGACY");
        try (Instance a = Instance.start(db, "a-1", POLL); Instance b = Instance.start(db, "b-1", POLL)) {
            ToolRun listed = ToolRun.on(db, "instances");
            assertThat(listed.exitCode()).isZero();
            assertThat(listed.out()).contains("phase (fleet): LEGACY").contains("a-1").contains("b-1");

            ToolRun unexpanded = ToolRun.on(db, "advance", "--to", "DUAL_WRITE");
            assertThat(unexpanded.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(unexpanded.err()).contains("run namelog-migrate expand first");

            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            ToolRun twoAhead = ToolRun.on(db, "advance", "--to", "READ_NEW");
            assertThat(twoAhead.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);

            ToolRun dual = ToolRun.on(db, "advance", "--to", "DUAL_WRITE");
            assertThat(dual.exitCode()).as(dual.toString()).isZero();
            assertThat(dual.out()).contains("LEGACY -> DUAL_WRITE").contains("2 live");
            assertThat(a.flags().current()).isEqualTo(Phase.DUAL_WRITE.paths());
            assertThat(b.flags().current()).isEqualTo(Phase.DUAL_WRITE.paths());

            ToolRun unverified = ToolRun.on(db, "advance", "--to", "READ_NEW");
            assertThat(unverified.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(unverified.err()).contains("validate first").contains("verified");

            assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();
            assertThat(ToolRun.on(db, "verify").exitCode()).isZero();
            assertThat(ToolRun.on(db, "validate").exitCode()).isZero();
            assertThat(ToolRun.on(db, "advance", "--to", "READ_NEW").exitCode()).isZero();
            assertThat(a.flags().current()).isEqualTo(Phase.READ_NEW.paths());

            ToolRun back = ToolRun.on(db, "back", "--to", "DUAL_WRITE");
            assertThat(back.exitCode()).as(back.toString()).isZero();
            assertThat(b.flags().current()).isEqualTo(Phase.DUAL_WRITE.paths());
            // the step back started a new epoch: the verify before it is not trusted any more
            ToolRun stale = ToolRun.on(db, "advance", "--to", "READ_NEW");
            assertThat(stale.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(stale.err()).contains("the fleet changed phase since").contains("verify again");
            assertThat(ToolRun.on(db, "verify").exitCode()).isZero();
            assertThat(ToolRun.on(db, "advance", "--to", "READ_NEW").exitCode()).isZero();
            assertThat(ToolRun.on(db, "advance", "--to", "NEW_ONLY").exitCode()).isZero();

            // rows written now carry no text: going back past READ_NEW needs the reverse backfill
            db.execute("INSERT INTO namelog (name_id, status) SELECT id, 2 FROM name LIMIT 1");
            assertThat(ToolRun.on(db, "back", "--to", "READ_NEW").exitCode()).isZero();
            ToolRun textless = ToolRun.on(db, "back", "--to", "DUAL_WRITE");
            assertThat(textless.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(textless.err()).contains("run namelog-migrate rollback first");

            ToolRun contractEarly = ToolRun.on(db, "contract", "--yes");
            assertThat(contractEarly.exitCode()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
            assertThat(contractEarly.err()).contains("contract needs CONTRACTED");
        }
    }

    @Test
    void anInstanceThatDoesNotSwitchIsNamedAndStopsBlockingOnceItsHeartbeatIsOld() {
        try (TestDatabase db = TestDatabase.createLegacy("fleet_straggler")) {
            ToolRun.setPhase(db, "LEGACY");
            assertThat(ToolRun.on(db, "expand").exitCode()).isZero();
            try (Instance quick = Instance.start(db, "quick-1", POLL)) {
                // a hung instance: its last heartbeat is recent, but it follows nothing any more
                db.execute("INSERT INTO namelog_instances (instance_id, service, host, phase, read_path, write_path)"
                        + " VALUES ('hung-1', 'service-y', 'host-2', 'LEGACY', 'LEGACY', 'LEGACY')");

                ToolRun stuck = ToolRun.on(db, "advance", "--to", "DUAL_WRITE", "--timeout", "1s");

                assertThat(stuck.exitCode()).as(stuck.toString()).isEqualTo(ExitCode.FLEET_NOT_SWITCHED);
                assertThat(stuck.err()).contains("hung-1").doesNotContain("quick-1");
                assertThat(quick.flags().current()).isEqualTo(Phase.DUAL_WRITE.paths());

                db.execute("UPDATE namelog_instances SET last_seen = now() - interval '1 minute' WHERE instance_id = 'hung-1'");
                ToolRun again = ToolRun.on(db, "advance", "--to", "DUAL_WRITE", "--timeout", "5s");
                assertThat(again.exitCode()).as(again.toString()).isZero();
                assertThat(again.out()).contains("already DUAL_WRITE");
                assertThat(ToolRun.on(db, "instances").out()).contains("hung-1").contains("not live");
            }
        }
    }
}
