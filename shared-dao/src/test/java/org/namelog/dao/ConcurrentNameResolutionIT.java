package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * Eight writers, each its own DAO instance (own cache, as separate services would be), insert
 * overlapping new names at the same moments in DUAL mode.
 */
@PostgresTest
class ConcurrentNameResolutionIT {

    private static final int WRITERS = 8;
    private static final int ROUNDS = 40;
    private static final int NAMES_PER_ROUND = 5;

    @Test
    void concurrentWritersOfTheSameNewNameShareOneNameRowAndNoneFails(TestDatabase db) throws Exception {
        db.expand();
        CyclicBarrier startTogether = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            NameLogDao dao = NameLogDao.create(db.dataSource(), StaticFlagSource.of(Phase.DUAL_WRITE),
                    new SimpleMeterRegistry(), DaoConfig.defaults());
            results.add(pool.submit(() -> {
                int inserted = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    startTogether.await(30, TimeUnit.SECONDS);
                    for (int n = 0; n < NAMES_PER_ROUND; n++) {
                        // every writer writes the round's names, each starting at another one
                        int pick = (n + writer) % NAMES_PER_ROUND;
                        dao.insert("round " + round + " name " + pick, writer);
                        inserted++;
                    }
                }
                return inserted;
            }));
        }
        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(total).isEqualTo(WRITERS * ROUNDS * NAMES_PER_ROUND);
        assertThat(db.queryLong("SELECT count(*) FROM namelog")).isEqualTo(total);
        assertThat(db.queryLong("SELECT count(*) FROM name")).isEqualTo(ROUNDS * NAMES_PER_ROUND);
        assertThat(db.queryLong("SELECT count(*) FROM (SELECT value FROM name GROUP BY value HAVING count(*) > 1) d"))
                .isZero();
        assertThat(db.queryLong("SELECT count(*) FROM namelog l LEFT JOIN name n ON n.id = l.name_id"
                + " WHERE n.value IS DISTINCT FROM l.name")).as("rows whose name_id is not their own name").isZero();
    }
}
