package org.namelog.migration.model;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.ActionChain;

/**
 * The model-based test of the whole rollout: random sequences of operator commands, fleet events
 * and writes through the real DAO, on a real PostgreSQL, each checked after every step against a
 * plain model of what was acknowledged (see {@link Invariants}).
 *
 * <p>Budget and replay: {@link ModelBudget}. The seed is printed at the start and on failure;
 * {@code -Dnamelog.model.seed=<seed>} with the same tries and steps replays the run.
 */
class RolloutModelIT {

    @Property
    @AddLifecycleHook(ModelBudget.class)
    void everyOperatorSequenceKeepsEveryAcknowledgedWriteExact(@ForAll("sequences") ActionChain<Rollout> sequence) {
        sequence.withInvariant("every acknowledged write reads back exactly; the fleet never reads through"
                + " name_id while an instance writes without it", Invariants::check).run();
    }

    @Provide
    Arbitrary<ActionChain<Rollout>> sequences() {
        return Actions.sequences(ModelBudget.STEPS);
    }

    @AfterTry
    void closeTheRollout() {
        Rollout.closeAll();
    }
}
