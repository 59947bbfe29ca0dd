package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.namelog.migration.BackfillIT.GUARD_FUNCTION_LEFT;
import static org.namelog.migration.BackfillIT.GUARD_LEFT;
import static org.namelog.migration.BackfillIT.MOVED_TIMESTAMPS;
import static org.namelog.migration.BackfillIT.WRONG_ROWS;
import static org.namelog.migration.BackfillIT.insertEdgeCases;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.namelog.testing.TestDatabase;

/** What an outside review of the rewritten backfill broke (2026-11-21), one test per finding. */
class BackfillReviewIT {

    /** One far-off id made the keyset walk step through its empty ids a batch at a time: 32,000 batches in 20 s. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneFarOffIdIsReachedWithoutWalkingTheEmptyIdsBeforeIt() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("review_far_id")) {
            insertEdgeCases(db, 300);
            db.execute("INSERT INTO namelog (id, name, status, \"timestamp\") VALUES"
                    + " (1000000000000, 'far', 1, '2001-02-03 04:05:06Z')");
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--workers", "2", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(db.queryLong("SELECT count(*) FROM namelog l JOIN name n ON n.id = l.name_id"
                    + " WHERE l.id = 1000000000000 AND n.value = 'far'")).isEqualTo(1);
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
            assertThat(db.queryLong("SELECT sum(batches) FROM namelog_backfill_checkpoint WHERE direction = 'forward'"))
                    .as("batches, not a walk through a trillion empty ids").isLessThan(100);
        }
    }

    /**
     * Replica switches rules off like triggers, and a data-modifying WITH is refused on a table with
     * DO ALSO rules: an audit rule lost every row under auto, and guc failed half-way without naming it.
     */
    @Test
    void ruleOnNamelogIsRefusedByNameBeforeAnyRowChanges() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("review_rule")) {
            insertEdgeCases(db, 100);
            db.expand();
            db.execute("CREATE TABLE namelog_rule_audit (id bigint)",
                    "CREATE RULE namelog_audit AS ON UPDATE TO namelog DO ALSO INSERT INTO namelog_rule_audit VALUES (NEW.id)");
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            for (String mode : new String[] {"auto", "guc", "replica"}) {
                ToolRun run = ToolRun.on(db, "backfill", "--trigger-mode", mode, "--no-progress");
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
                assertThat(run.err()).contains("namelog_audit (on namelog)").contains("turn the rule into a trigger");
            }
            assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL")).isZero();
            assertThat(db.queryLong(GUARD_LEFT)).isZero();
        }
    }

    /** A timestamp function that also writes an audit row was switched off whole by replica: its audit rows were lost. */
    @Test
    void timestampTriggerThatAlsoAuditsIsNotSwitchedOffByTheDefault() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("review_ts_audit")) {
            db.execute("CREATE TABLE ts_audit (id bigint)",
                    "CREATE OR REPLACE FUNCTION namelog_touch_timestamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " NEW.\"timestamp\" := now(); INSERT INTO ts_audit VALUES (NEW.id); RETURN NEW; END $$");
            insertEdgeCases(db, 100);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id

            ToolRun run = ToolRun.on(db, "backfill", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("--trigger-mode auto uses the guard");
            assertThat(db.queryLong("SELECT count(*) FROM ts_audit")).as("one audit row per row the backfill changed")
                    .isEqualTo(db.queryLong("SELECT count(*) FROM namelog WHERE name_id IS NOT NULL"));
            assertThat(db.queryLong(MOVED_TIMESTAMPS)).isZero();
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
        }
    }

    /**
     * A batch waiting for a row another transaction holds keeps its own rows locked: with the 2 s
     * lock timeout their writers waited 2 s on every retry. It now gives up at half of
     * --max-writer-wait, here long before --lock-timeout or the statement timeout would end it.
     */
    @Test
    @Timeout(value = 25, unit = TimeUnit.SECONDS)
    void batchWaitingOnAHeldRowGivesUpAtHalfTheWriterBoundNotTheLockTimeout() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("review_held_row")) {
            insertEdgeCases(db, 100);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
                holder.setAutoCommit(false);
                s.execute("UPDATE namelog SET status = status WHERE id = 1");

                ToolRun run = ToolRun.on(db, "--lock-timeout", "60s", "backfill", "--max-writer-wait", "100ms",
                        "--statement-timeout", "60s", "--max-batch-retries", "1", "--no-progress");

                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.LOCK_TIMEOUT_RETRIES_EXHAUSTED);
                assertThat(run.err()).contains("--max-writer-wait");
                holder.rollback();
            }
            ToolRun again = ToolRun.on(db, "backfill", "--no-progress");
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.OK);
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
        }
    }

    /** A guard trigger a killed guc run left behind stayed after a later run that took replica. */
    @Test
    void guardLeftByAKilledGucRunIsRemovedByARunThatTakesReplica() throws Exception {
        try (TestDatabase db = TestDatabase.createLegacy("review_guard_left")) {
            insertEdgeCases(db, 100);
            db.expand();
            ToolRun.setPhase(db, "DUAL_WRITE"); // the backfill runs once every writer fills name_id
            db.execute("CREATE FUNCTION namelog_migrate_keep_timestamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " NEW.\"timestamp\" := OLD.\"timestamp\"; RETURN NEW; END $$",
                    "COMMENT ON FUNCTION namelog_migrate_keep_timestamp() IS 'namelog-migrate: left by a killed run'",
                    "CREATE TRIGGER zz_namelog_migrate_keep_timestamp BEFORE UPDATE ON namelog FOR EACH ROW"
                            + " WHEN (current_setting('namelog.preserve_timestamp', true) = 'on')"
                            + " EXECUTE FUNCTION namelog_migrate_keep_timestamp()");

            ToolRun run = ToolRun.on(db, "backfill", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("session_replication_role = replica").contains("removed zz_namelog_migrate_keep_timestamp");
            assertThat(db.queryLong(GUARD_LEFT)).isZero();
            assertThat(db.queryLong(GUARD_FUNCTION_LEFT)).isZero();
            assertThat(db.queryLong(WRONG_ROWS)).isZero();
        }
    }
}
