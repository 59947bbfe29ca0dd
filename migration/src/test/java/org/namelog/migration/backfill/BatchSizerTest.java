package org.namelog.migration.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizerTest {

    private final BatchSizer sizer = new BatchSizer(1000, 100, 5000, Duration.ofMillis(500));

    @Test
    void aFastBatchGrowsTheNextButAtMostDoubles() {
        assertThat(sizer.after(Duration.ofMillis(400))).isEqualTo(1250);
        assertThat(sizer.after(Duration.ofMillis(1))).isEqualTo(2500);
    }

    /** Writers began to wait: the shorter target is reached in one step, not by halving batch after batch. */
    @Test
    void aLowerTargetIsReachedAtOnceAndTheOldOneAgainOnlyByDoubling() {
        assertThat(sizer.after(Duration.ofMillis(500), Duration.ofMillis(50))).isEqualTo(100);
        assertThat(sizer.after(Duration.ofMillis(50), Duration.ofMillis(50))).isEqualTo(100);
        assertThat(sizer.after(Duration.ofMillis(50), Duration.ofMillis(500))).isEqualTo(200);
    }

    @Test
    void aSlowBatchShrinksTheNextButAtMostHalves() {
        assertThat(sizer.after(Duration.ofMillis(1000))).isEqualTo(500);
        assertThat(sizer.after(Duration.ofSeconds(30))).isEqualTo(250);
    }

    @Test
    void theSizeStaysWithinItsBounds() {
        for (int i = 0; i < 10; i++) {
            sizer.after(Duration.ofMillis(10));
        }
        assertThat(sizer.size()).isEqualTo(5000);
        for (int i = 0; i < 10; i++) {
            sizer.afterTimeout();
        }
        assertThat(sizer.size()).isEqualTo(100);
    }

    @Test
    void inconsistentBoundsAreRejectedNamingTheOptions() {
        assertThatThrownBy(() -> new BatchSizer(50, 100, 5000, Duration.ofMillis(500)))
                .hasMessageContaining("--min-batch-size (100)").hasMessageContaining("--batch-size (50)");
        assertThatThrownBy(() -> new BatchSizer(100, 100, 5000, Duration.ZERO))
                .hasMessageContaining("--target-batch-duration");
    }
}
