package org.namelog.bench.backfill;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ways to fill {@code namelog.name_id} that the benchmark sets side by side. */
public enum Strategy {
    /** {@code INSERT INTO name SELECT DISTINCT}, then one {@code UPDATE ... FROM name}: the speed limit. */
    ONE_STATEMENT("one-statement", "1 one statement", 0, true),
    /** The seed team's recipe: a DO block over id ranges of 1,000, COMMIT after each. */
    SEED_RECIPE("seed-recipe", "2 seed recipe", 0, true),
    /** The migration tool's backfill at its defaults (one worker). */
    OURS("ours", "3 ours, defaults", 1, true),
    /** The migration tool's backfill with --max-rows-per-second. */
    OURS_THROTTLED("ours-throttled", "4 ours, throttled", 1, true),
    /** The migration tool's backfill with --workers 2, otherwise at its defaults. */
    OURS_2_WORKERS("ours-2-workers", "5 ours, 2 workers", 2, false),
    /** The migration tool's backfill with --workers 4, otherwise at its defaults. */
    OURS_4_WORKERS("ours-4-workers", "6 ours, 4 workers", 4, false),
    /**
     * The migration tool's backfill with --trigger-mode guc: what a table with other triggers
     * (audit, outbox) gets, where the default cannot take replica. Isolated only.
     */
    OURS_GUARD("ours-guard", "7 ours, guard trigger", 1, false);

    private final String option;
    private final String label;
    private final int workers;
    private final boolean runsUnderLoad;

    Strategy(String option, String label, int workers, boolean runsUnderLoad) {
        this.option = option;
        this.label = label;
        this.workers = workers;
        this.runsUnderLoad = runsUnderLoad;
    }

    /** The name on the command line. */
    public String option() {
        return option;
    }

    /** The name in the table. */
    public String label() {
        return label;
    }

    public boolean usesMigrationTool() {
        return workers > 0;
    }

    /** The tool's {@code --workers} in this strategy (1, its default, unless the name says otherwise); 0 for the SQL recipes. */
    public int workers() {
        return workers;
    }

    /**
     * Whether the strategy runs again under the writer load. The worker strategies do not: their
     * target is the scaling against one statement isolated, and under the load the writers already
     * take the cores more workers would need.
     */
    public boolean runsUnderLoad() {
        return runsUnderLoad;
    }

    public static Strategy ofOption(String option) {
        for (Strategy s : values()) {
            if (s.option.equals(option.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy " + option + ": use one of "
                + Arrays.stream(values()).map(Strategy::option).collect(Collectors.joining(", ")));
    }
}
