package org.namelog.migration.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Which ranges' names count as committed: only a contiguous run that reaches back to the batch's start. */
class NamesAheadTest {

    private final List<String> inserted = new CopyOnWriteArrayList<>();
    private boolean failNext;

    private final NamesAhead names = new NamesAhead((after, upper) -> {
        if (failNext) {
            failNext = false;
            throw new IllegalStateException("statement timeout");
        }
        inserted.add(after + ".." + upper);
        return upper - after;
    }, () -> { });

    @Test
    void aGuessThatEndedCoversTheNextBatchFromItsStart() {
        names.done(0, 100);
        names.start(100, 200);
        assertThat(names.doneUpTo(100)).isEqualTo(200);
        assertThat(names.doneUpTo(150)).isEqualTo(200);
        assertThat(inserted).containsExactly("100..200");
    }

    @Test
    void aFailedGuessCoversNothing() {
        names.done(0, 100);
        failNext = true;
        names.start(100, 200);
        assertThat(names.doneUpTo(100)).as("the worker inserts (100, upper] itself").isEqualTo(100);
    }

    /** A worker that goes on with a slice of lower ids must not take the higher slice's names for its own. */
    @Test
    void namesOfAnotherSliceDoNotCoverThisOne() {
        names.done(5_000, 6_000);
        names.start(6_000, 7_000);
        assertThat(names.doneUpTo(0)).isZero();
        assertThat(names.doneUpTo(7_000)).as("nothing after the covered run").isEqualTo(7_000);
        names.done(0, 1_000);
        assertThat(names.doneUpTo(500)).isEqualTo(1_000);
        assertThat(names.doneUpTo(6_500)).as("the new run replaced the old one").isEqualTo(6_500);
    }

    @Test
    void aGuessBeyondTheRunStartsItsOwnRun() {
        names.done(0, 100);
        names.start(300, 400);
        assertThat(names.doneUpTo(100)).isEqualTo(100);
        assertThat(names.doneUpTo(300)).isEqualTo(400);
    }
}
