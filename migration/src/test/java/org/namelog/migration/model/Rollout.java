package org.namelog.migration.model;

import java.util.ArrayList;
import java.util.List;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.fleet.StateTables;
import org.namelog.testing.TestDatabase;

/**
 * The system under test and what the test knows about it: one fresh database, the fleet on it,
 * the tool, and the model of every entry. jqwik's action chain transforms one of these per try.
 */
final class Rollout implements AutoCloseable {

    private static final List<Rollout> open = new ArrayList<>();

    final TestDatabase db;
    final Fleet fleet;
    final Tool tool;
    final Model model = new Model();
    final List<String> steps = new ArrayList<>();
    /** The last tool run, for the failure message. */
    Tool.Run lastRun;
    /** How far the forward walk got within the current phase (see {@link Actions#progress}). */
    int progressInPhase;
    Phase progressPhase = Phase.LEGACY;

    private Rollout(TestDatabase db) {
        this.db = db;
        // the coordination tables exist before any instance starts, as after the operator's first `status`
        StateTables.create(db.dataSource());
        this.fleet = Fleet.start(db);
        this.tool = new Tool(db);
    }

    /** A new rollout on a database of its own, with a few entries written at LEGACY. */
    static Rollout start() {
        TestDatabase db = TestDatabase.createLegacy("model");
        Rollout rollout;
        try {
            rollout = new Rollout(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        synchronized (open) {
            open.add(rollout);
        }
        var writer = rollout.fleet.byId("a-1").orElseThrow().dao();
        for (String name : new String[] {"alice", "bob", "", Names.LONG_A, null}) {
            rollout.model.inserted(writer.insert(name, 1), name, 1);
        }
        rollout.log("start: " + rollout.db.name() + ", fleet " + rollout.fleet + ", entries " + rollout.model);
        return rollout;
    }

    /** Closes every rollout this JVM started and has not closed yet (after each try). */
    static void closeAll() {
        List<Rollout> toClose;
        synchronized (open) {
            toClose = new ArrayList<>(open);
            open.clear();
        }
        toClose.forEach(Rollout::close);
    }

    /** The fleet phase as the database holds it. */
    Phase phase() {
        var rows = db.queryRows("SELECT phase FROM namelog_migration_phase");
        return rows.isEmpty() ? Phase.LEGACY : Phase.valueOf((String) rows.get(0).get(0));
    }

    boolean hasColumn(String column) {
        return db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'namelog'"
                + " AND column_name = '" + column + "'") > 0;
    }

    private long lastLog = System.nanoTime();

    void log(String line) {
        steps.add(line);
        long now = System.nanoTime();
        System.out.printf("[model seed %s] %5d ms | %s%n", ModelBudget.seed(), (now - lastLog) / 1_000_000, line);
        lastLog = now;
    }

    /** The steps so far, for a failure message. */
    String history() {
        return String.join("\n  ", steps);
    }

    @Override
    public void close() {
        try {
            fleet.close();
        } finally {
            db.close();
        }
    }
}
