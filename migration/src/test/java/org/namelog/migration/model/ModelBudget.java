package org.namelog.migration.model;

import java.security.SecureRandom;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The model test's budget and seed, from system properties, so that CI runs a fixed small budget
 * and a soak or a replay needs no code change:
 *
 * <ul>
 *   <li>{@code namelog.model.tries} (default 8): sequences to run;
 *   <li>{@code namelog.model.steps} (default 25): actions per sequence;
 *   <li>{@code namelog.model.seed}: replay this seed (printed at the start of every run and in
 *       every failure), or {@code random} for a new one each run (the soak). By default the fixed
 *       {@link #CI_SEED}: the CI budget runs the same sequences every time, so a red CI is a bug that
 *       replays, never the luck of the draw; soaks explore new ones;
 *   <li>{@code namelog.model.shrink} (default false): shrink a failing sequence (slow: every
 *       shrinking step runs on a new database).
 * </ul>
 */
public final class ModelBudget implements AroundPropertyHook {

    static final int TRIES = Integer.getInteger("namelog.model.tries", 8);
    static final int STEPS = Integer.getInteger("namelog.model.steps", 25);
    /** The sequences CI runs. */
    static final String CI_SEED = "20261121";

    private static volatile String seed = "?";

    static String seed() {
        return seed;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String chosen = System.getProperty("namelog.model.seed", CI_SEED);
        if (chosen.isBlank() || chosen.trim().equals("random")) {
            chosen = Long.toString(new SecureRandom().nextLong());
        }
        seed = chosen.trim();
        PropertyAttributes attributes = context.attributes();
        attributes.setSeed(seed);
        attributes.setTries(TRIES);
        attributes.setAfterFailure(AfterFailureMode.RANDOM_SEED);
        attributes.setShrinking(Boolean.getBoolean("namelog.model.shrink") ? ShrinkingMode.BOUNDED : ShrinkingMode.OFF);
        System.out.println("[model] " + context.label() + ": seed " + seed + ", " + TRIES + " sequences of up to "
                + STEPS + " actions; replay with -Dnamelog.model.seed=" + seed + " -Dnamelog.model.tries=" + TRIES);
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
            System.out.println("[model] FAILED with seed " + seed + ": replay with -Dnamelog.model.seed=" + seed
                    + " -Dnamelog.model.tries=" + TRIES + " -Dnamelog.model.steps=" + STEPS);
        }
        return result;
    }
}
