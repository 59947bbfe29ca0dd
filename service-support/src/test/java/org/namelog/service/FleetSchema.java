package org.namelog.service;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Supplier;
import org.namelog.dao.fleet.StateTables;
import org.namelog.dao.flag.Phase;
import org.namelog.testing.TestDatabase;

/**
 * Walks a test database through the rollout, schema first, as the migration tool would (but with
 * plain SQL: the tool is tested on its own), then sets the fleet phase.
 */
public final class FleetSchema {

    private FleetSchema() {}

    public static void createStateTables(TestDatabase db) {
        StateTables.create(db.dataSource());
    }

    /** Brings the schema to what {@code phase} needs (forward only) and sets the phase. */
    public static void enter(TestDatabase db, Phase from, Phase phase) {
        if (from == Phase.LEGACY && phase != Phase.LEGACY) {
            db.expand();
        }
        if (phase == Phase.READ_NEW) {
            backfill(db);
            db.applyForward(6);
        }
        if (phase == Phase.NEW_ONLY) {
            db.applyForward(7);
        }
        if (phase == Phase.CONTRACTED) {
            backfill(db);
            db.applyForward(8);
        }
        db.execute("UPDATE namelog_migration_phase SET phase = '" + phase + "'");
    }

    /** Waits until {@code reportedPhase} says the instance follows {@code phase}. */
    public static void awaitPhase(Supplier<Phase> reportedPhase, Phase phase) {
        await().atMost(Duration.ofSeconds(20)).until(() -> reportedPhase.get() == phase);
    }

    /** Fills name_id for every row that has text but no name_id yet. */
    public static void backfill(TestDatabase db) {
        db.execute("INSERT INTO name (value) SELECT DISTINCT name FROM namelog"
                        + " WHERE name_id IS NULL AND name IS NOT NULL"
                        + " ON CONFLICT (name_value_digest(value)) DO NOTHING",
                "UPDATE namelog l SET name_id = n.id FROM name n WHERE l.name_id IS NULL AND l.name IS NOT NULL"
                        + " AND name_value_digest(n.value) = name_value_digest(l.name) AND n.value = l.name");
    }
}
