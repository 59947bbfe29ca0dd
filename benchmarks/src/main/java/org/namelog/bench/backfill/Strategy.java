package org.namelog.bench.backfill;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ways to fill {@code namelog.name_id} that the benchmark sets side by side. */
public enum Strategy {
    /** {@code INSERT INTO name SELECT DISTINCT}, then one {@code UPDATE ... FROM name}: the speed limit. */
    ONE_STATEMENT("one-statement", "1 one statement"),
    /** The seed team's recipe: a DO block over id ranges of 1,000, COMMIT after each. */
    SEED_RECIPE("seed-recipe", "2 seed recipe"),
    /** The migration tool's backfill at its defaults. */
    OURS("ours", "3 ours, defaults"),
    /** The migration tool's backfill with --max-rows-per-second. */
    OURS_THROTTLED("ours-throttled", "4 ours, throttled");

    private final String option;
    private final String label;

    Strategy(String option, String label) {
        this.option = option;
        this.label = label;
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
        return this == OURS || this == OURS_THROTTLED;
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
