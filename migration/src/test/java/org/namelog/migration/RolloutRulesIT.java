package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.namelog.dao.NameLogEntry;
import org.namelog.dao.flag.Phase;
import org.namelog.testing.TestDatabase;

/**
 * The rollout's rules as operators and a real fleet meet them: one regression test per problem
 * of issue 9 on the tool's side, each walking the rollout with the real commands and DAO instances.
 */
class RolloutRulesIT {

    private static void load(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status) SELECT 'n' || (i % 13), 1 FROM generate_series(1, 300) i");
    }

    private static void ok(TestDatabase db, String... args) {
        ToolRun run = ToolRun.on(db, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    private static ToolRun refused(TestDatabase db, String... args) {
        ToolRun run = ToolRun.on(db, args);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
        return run;
    }

    /** From LEGACY (schema and fleet) to {@code target}, every step through the tool. */
    private static void rollOutTo(TestDatabase db, Phase target) {
        ok(db, "expand");
        ok(db, "advance", "--to", "DUAL_WRITE");
        ok(db, "backfill", "--no-progress");
        ok(db, "verify");
        ok(db, "validate");
        for (Phase next = Phase.READ_NEW; next.compareTo(target) <= 0; next = next.next()) {
            ok(db, "advance", "--to", next.name());
            if (next == Phase.CONTRACTED) {
                break;
            }
        }
    }

    /** An instance row as a process leaves it: a heartbeat it does not refresh. */
    private static void instanceRow(TestDatabase db, String id, Phase phase, boolean stale, String lastSeenAgo,
            Long leaseMs) {
        db.execute("INSERT INTO namelog_instances (instance_id, service, host, phase, read_path, write_path, stale,"
                + " last_seen, lease_ms) VALUES ('" + id + "', 'service-y', 'host-2', '" + phase + "', '"
                + phase.paths().read() + "', '" + phase.paths().write() + "', " + stale + ", now() - interval '"
                + lastSeenAgo + "', " + (leaseMs == null ? "NULL" : leaseMs) + ")");
    }

    @Test
    void renamesUnderContractedLeaveStaleText() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_stale_text")) {
            load(db);
            ToolRun.setPhase(db, "LEGACY");
            try (ServiceInstance a = ServiceInstance.start(db, "a-1")) {
                long renamed = a.dao().insert("old name", 1);
                long nulled = a.dao().insert("old name", 2);
                rollOutTo(db, Phase.CONTRACTED);

                // CONTRACTED statements never name the column: the text keeps what it had
                assertThat(a.dao().rename(renamed, "new name")).isTrue();
                assertThat(a.dao().rename(nulled, null)).isTrue();
                assertThat(db.queryRows("SELECT name FROM namelog WHERE id IN (" + renamed + ", " + nulled + ")"))
                        .containsOnly(List.of("old name"));

                ok(db, "back", "--to", "NEW_ONLY");
                // a NEW_ONLY peer reads through name_id only: the stale text is never served
                assertThat(a.dao().findById(renamed)).map(NameLogEntry::name).contains("new name");
                assertThat(a.dao().findById(nulled)).hasValueSatisfying(e -> assertThat(e.name()).isNull());
                assertThat(a.dao().findByName("old name", 0, 10)).isEmpty();

                ok(db, "back", "--to", "READ_NEW");
                assertThat(a.dao().findByName("old name", 0, 10)).isEmpty();
                ToolRun back = refused(db, "back", "--to", "DUAL_WRITE");
                assertThat(back.err()).contains("the text is not authoritative").contains("rollback first");
                // the forward backfill would copy the stale text into name_id, and verify would judge by it
                assertThat(refused(db, "backfill", "--from-start", "--no-progress").err())
                        .contains("the text is not authoritative");
                assertThat(refused(db, "verify").err()).contains("the text is not authoritative");
            }
        }
    }

    @Test
    void renameToNullKeepsItsOldNameIdAndVerifyFindsIt() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_rename_to_null")) {
            load(db);
            ok(db, "expand");
            ToolRun.setPhase(db, "DUAL_WRITE");
            ok(db, "backfill", "--no-progress");
            long id = db.queryLong("SELECT min(id) FROM namelog");
            long other = db.queryLong("SELECT max(id) FROM namelog");
            // what a LEGACY writer leaves: a rename to NULL that keeps the old name_id, and a new name without one
            db.execute("UPDATE namelog SET name = NULL WHERE id = " + id,
                    "UPDATE namelog SET name = 'renamed in LEGACY', name_id = NULL WHERE id = " + other);

            ToolRun verify = ToolRun.on(db, "verify");

            assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.VERIFICATION_FAILED);
            assertThat(verify.out()).contains("namelog id " + id + ": has no name but name_id")
                    .contains("namelog id " + other + ": has a name but no name_id");
            assertThat(verify.err()).contains("verify found 2 mismatching rows");
        }
    }

    @Test
    void aVerifyThatRanTooEarlyIsTrusted() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_verify_early")) {
            load(db);
            ToolRun.setPhase(db, "LEGACY");
            ok(db, "expand");
            // at LEGACY, writers rename without name_id: a verify there says nothing about later
            assertThat(refused(db, "verify").err()).contains("the fleet is at LEGACY");

            try (ServiceInstance a = ServiceInstance.start(db, "a-1")) {
                ok(db, "advance", "--to", "DUAL_WRITE");
                ok(db, "backfill", "--no-progress");
                ok(db, "verify");
                ok(db, "validate");
                // an instance that will not follow: back sets LEGACY, then gives up waiting (exit 9)
                instanceRow(db, "hung-1", Phase.DUAL_WRITE, false, "0 seconds", null);
                ToolRun back = ToolRun.on(db, "back", "--to", "LEGACY", "--timeout", "1s", "--instance-ttl", "5m");
                assertThat(back.exitCode()).as(back.toString()).isEqualTo(ExitCode.FLEET_NOT_SWITCHED);
                // LEGACY writes happen now: the verification from before the step back must not count
                long id = db.queryLong("SELECT min(id) FROM namelog");
                assertThat(a.dao().rename(id, "renamed at LEGACY")).isTrue();
                ok(db, "advance", "--to", "DUAL_WRITE", "--instance-ttl", "5m");

                ToolRun readNew = refused(db, "advance", "--to", "READ_NEW", "--instance-ttl", "5m");

                assertThat(readNew.err()).contains("the fleet changed phase since").contains("verify again");
                assertThat(a.flags().current()).isEqualTo(Phase.DUAL_WRITE.paths());
            }
        }
    }

    @Test
    void verifyRefusesWhileAnInstanceMayWriteWithoutNameId() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_verify_writer")) {
            load(db);
            ok(db, "expand");
            ToolRun.setPhase(db, "DUAL_WRITE");
            ok(db, "backfill", "--no-progress");
            instanceRow(db, "late-1", Phase.LEGACY, false, "0 seconds", null);

            ToolRun verify = refused(db, "verify");

            assertThat(verify.err()).contains("instance late-1").contains("may write rows without name_id");
            assertThat(db.queryRows("SELECT verified_at FROM namelog_migration_step").get(0).get(0)).isNull();
        }
    }

    @Test
    void aBackfillAtLegacyIsRefused() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_backfill_legacy")) {
            load(db);
            ToolRun.setPhase(db, "LEGACY");
            ok(db, "expand");

            ToolRun atLegacy = refused(db, "backfill", "--no-progress");

            assertThat(atLegacy.err()).contains("the fleet is at LEGACY").contains("advance --to DUAL_WRITE first");
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();

            ToolRun.setPhase(db, "DUAL_WRITE");
            instanceRow(db, "legacy-writer-1", Phase.LEGACY, false, "0 seconds", null);
            assertThat(refused(db, "backfill", "--no-progress").err()).contains("instance legacy-writer-1");
            db.execute("DELETE FROM namelog_instances");
            ok(db, "backfill", "--no-progress");
        }
    }

    @Test
    void theGateCountsZeroLiveInstancesAsAllSwitched() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_no_instances")) {
            ToolRun.setPhase(db, "LEGACY");
            ok(db, "expand");

            ToolRun nobody = refused(db, "advance", "--to", "DUAL_WRITE");

            assertThat(nobody.err()).contains("no instance heartbeats").contains("--no-instances-expected");
            assertThat(db.queryRows("SELECT phase, epoch FROM namelog_migration_phase"))
                    .containsExactly(List.of("LEGACY", 0L));
            ok(db, "advance", "--to", "DUAL_WRITE", "--no-instances-expected");
            assertThat(db.queryRows("SELECT phase, epoch FROM namelog_migration_phase"))
                    .containsExactly(List.of("DUAL_WRITE", 1L));
        }
    }

    @Test
    void anInstanceWithinItsLeaseIsNotCountedAsGone() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_lease")) {
            ToolRun.setPhase(db, "LEGACY");
            ok(db, "expand");
            try (ServiceInstance a = ServiceInstance.start(db, "a-1")) {
                // silent for 30 s, longer than the gate's TTL, but it said it serves for up to 10 minutes
                instanceRow(db, "leased-1", Phase.LEGACY, false, "30 seconds", 600_000L);

                ToolRun stuck = ToolRun.on(db, "advance", "--to", "DUAL_WRITE", "--timeout", "1s", "--instance-ttl",
                        "10s");

                assertThat(stuck.exitCode()).as(stuck.toString()).isEqualTo(ExitCode.FLEET_NOT_SWITCHED);
                assertThat(stuck.err()).contains("leased-1").doesNotContain("a-1");
                db.execute("UPDATE namelog_instances SET lease_ms = NULL WHERE instance_id = 'leased-1'");
                assertThat(ToolRun.on(db, "advance", "--to", "DUAL_WRITE", "--instance-ttl", "10s").exitCode())
                        .isZero();
            }
        }
    }

    @Test
    void aStaleInstanceIsNeverCountedAsSwitched() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_stale")) {
            ToolRun.setPhase(db, "LEGACY");
            ok(db, "expand");
            try (ServiceInstance a = ServiceInstance.start(db, "a-1")) {
                // it reports the target already, but it cannot read the phase: it would follow nothing
                instanceRow(db, "stale-1", Phase.DUAL_WRITE, true, "0 seconds", null);

                ToolRun move = refused(db, "advance", "--to", "DUAL_WRITE");

                assertThat(move.err()).contains("instance stale-1").contains("cannot read the phase");
                assertThat(a.flags().current()).isEqualTo(Phase.LEGACY.paths());
            }
        }
    }

    @Test
    void backToDualWriteIsRefusedForRowsRenamedToNull() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_back_null")) {
            load(db);
            ToolRun.setPhase(db, "LEGACY");
            try (ServiceInstance a = ServiceInstance.start(db, "a-1")) {
                rollOutTo(db, Phase.READ_NEW);
                long id = db.queryLong("SELECT min(id) FROM namelog");
                // a row whose text is NULL while name_id is set (as a rename to NULL under LEGACY left it
                // before verify looked at NULLs): the fleet never was on NEW_ONLY, so the text is authoritative
                db.execute("SET session_replication_role = replica",
                        "UPDATE namelog SET name = NULL WHERE id = " + id);

                ToolRun back = ToolRun.on(db, "back", "--to", "DUAL_WRITE");

                assertThat(back.exitCode()).as(back.toString()).isZero();
                assertThat(a.flags().current()).isEqualTo(Phase.DUAL_WRITE.paths());
                // and verify names the row instead
                assertThat(ToolRun.on(db, "verify").out()).contains("namelog id " + id + ": has no name but name_id");
            }
        }
    }

    @Test
    void contractIsRefusedForGoodAfterRenamesToNullUnderContracted() {
        try (TestDatabase db = TestDatabase.createLegacy("rules_contract_null")) {
            load(db);
            ToolRun.setPhase(db, "LEGACY");
            try (ServiceInstance a = ServiceInstance.start(db, "a-1")) {
                long id = a.dao().insert("to be deleted", 1);
                rollOutTo(db, Phase.CONTRACTED);
                assertThat(a.dao().rename(id, null)).isTrue();
                assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name IS NOT NULL AND name_id IS NULL"))
                        .isEqualTo(1);

                ToolRun contract = ToolRun.on(db, "contract", "--yes");

                assertThat(contract.exitCode()).as(contract.toString()).isZero();
                assertThat(a.dao().findById(id)).hasValueSatisfying(e -> assertThat(e.name()).isNull());
            }
        }
    }
}
