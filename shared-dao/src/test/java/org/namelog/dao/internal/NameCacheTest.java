package org.namelog.dao.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class NameCacheTest {

    private final NameCache cache = new NameCache(1 << 20, new SimpleMeterRegistry());

    @Test
    void anIdIsOnlyReturnedToTheGenerationItWasReadUnder() {
        cache.put("alice", 1, 7);

        assertThat(cache.get("alice", 7)).isEqualTo(1L);
        assertThat(cache.get("alice", 8)).as("another name table: id 1 may be someone else there").isNull();
    }

    @Test
    void aPutThatLandsAfterAClearCannotServeTheNextGeneration() {
        // a call of generation 7 resolved alice while the follower moved on to 8 and cleared
        cache.clear();
        cache.put("alice", 1, 7);

        assertThat(cache.get("alice", 8)).isNull();
        cache.put("alice", 4, 8);
        assertThat(cache.get("alice", 8)).isEqualTo(4L);
    }
}
