package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.dao.flag.WritePath;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * SHADOW reads compare the text with name_id; the mismatch counter feeds an alert, so it must count
 * only real disagreements, never a rename that committed between the two reads.
 */
@PostgresTest
class ShadowReadsIT {

    @Test
    void shadowReadsRaceNoFalseMismatchWithConcurrentRenames(TestDatabase db) throws Exception {
        db.expand();
        NameLogDao writer = NameLogDao.create(db.dataSource(), StaticFlagSource.of(Phase.DUAL_WRITE),
                new SimpleMeterRegistry(), DaoConfig.defaults());
        SimpleMeterRegistry shadowMetrics = new SimpleMeterRegistry();
        NameLogDao shadow = NameLogDao.create(db.dataSource(),
                new StaticFlagSource(Paths.of(ReadPath.SHADOW, WritePath.DUAL)), shadowMetrics, DaoConfig.defaults());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(writer.insert("entry " + i, 1));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong renames = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    for (long n = 0; running.get(); n++) {
                        long id = ids.get((int) (n % ids.size()));
                        writer.rename(id, n % 5 == 0 ? null : "renamed " + thread + "-" + n);
                        renames.incrementAndGet();
                    }
                }));
                work.add(threads.submit(() -> {
                    while (running.get()) {
                        shadow.list(0, ids.size());
                        ids.forEach(shadow::findById);
                        reads.incrementAndGet();
                    }
                }));
            }
            // enough interleavings that two reads a rename apart would have been caught many times over
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .until(() -> renames.get() >= 3_000 && reads.get() >= 300);
            running.set(false);
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            threads.shutdownNow();
        }
        assertThat(shadowMetrics.get("namelog.dao.shadow.mismatches").counter().count())
                .as("shadow mismatches over %d renames and %d read rounds", renames.get(), reads.get()).isZero();
    }
}
