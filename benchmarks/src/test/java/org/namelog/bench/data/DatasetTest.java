package org.namelog.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private final Dataset dataset = new Dataset(2_000_000, 20_000);

    @Test
    void namesHaveTwentyCharactersAndAreDistinctPerRank() {
        assertThat(dataset.name(1)).hasSize(20).startsWith("name-000001-");
        assertThat(dataset.name(20_000)).hasSize(20).isNotEqualTo(dataset.name(19_999));
    }

    @Test
    void ranksFollowZipfsLawRoughly() {
        SplittableRandom random = new SplittableRandom(7);
        int[] hits = new int[dataset.names() + 1];
        int draws = 1_000_000;
        for (int i = 0; i < draws; i++) {
            int rank = dataset.drawRank(random);
            assertThat(rank).isBetween(1, dataset.names());
            hits[rank]++;
        }
        // P(k) = ln(1 + 1/k) / ln(names + 1): rank 1 ~7.0%, rank 2 ~4.1%, rank 10 ~0.96%
        assertThat(hits[1] / (double) draws).isCloseTo(0.070, org.assertj.core.data.Offset.offset(0.003));
        assertThat(hits[2] / (double) draws).isCloseTo(0.041, org.assertj.core.data.Offset.offset(0.003));
        assertThat(hits[10] / (double) draws).isCloseTo(0.0096, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void refusesSizesItCannotName() {
        assertThatThrownBy(() -> new Dataset(0, 10)).hasMessageContaining("rows must be >= 1");
        assertThatThrownBy(() -> new Dataset(10, 1_000_000)).hasMessageContaining("names must be 1 to 999,999");
        assertThatThrownBy(() -> dataset.name(0)).hasMessageContaining("rank must be 1 to 20000");
    }
}
