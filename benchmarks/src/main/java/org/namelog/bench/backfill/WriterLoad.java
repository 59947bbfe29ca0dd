package org.namelog.bench.backfill;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.namelog.bench.BenchmarkException;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testbed.Dataset;

/**
 * The live traffic during a backfill: {@code threads} writers, each on its own pooled connection,
 * through the real DAO in phase DUAL_WRITE (as services run while the backfill runs): 70% status
 * updates of a random row of the dataset, 30% inserts of a name drawn like the dataset's. Closed
 * loop: each writer sends its next write as soon as the last one answered.
 *
 * <p>The ids it updated are kept, because each of those updates refreshes "timestamp" through the
 * trigger on purpose: the "timestamp unchanged" check leaves them out.
 */
final class WriterLoad implements AutoCloseable {

    static final double UPDATE_SHARE = 0.70;

    private final HikariDataSource pool;
    private final NameLogDao dao;
    private final Dataset dataset;
    private final int threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean measuring = new AtomicBoolean(false);
    private final Set<Long> updatedIds = ConcurrentHashMap.newKeySet();
    private final List<Writer> writers = new ArrayList<>();
    private final CountDownLatch stopped;
    private final java.util.concurrent.atomic.AtomicReference<String> firstError =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile long measureStartNanos;
    private volatile long measureEndNanos;

    private WriterLoad(String jdbcUrl, String user, String password, Dataset dataset, int threads) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("bench-writers");
        config.setMaximumPoolSize(threads);
        config.setMinimumIdle(threads);
        this.pool = new HikariDataSource(config);
        this.dao = NameLogDao.create(pool, StaticFlagSource.of(Phase.DUAL_WRITE), new SimpleMeterRegistry(),
                DaoConfig.defaults());
        this.dataset = dataset;
        this.threads = threads;
        this.stopped = new CountDownLatch(threads);
    }

    /** Starts the writers; they run, unmeasured, until {@link #startMeasuring()}. */
    static WriterLoad start(String jdbcUrl, String user, String password, Dataset dataset, int threads) {
        WriterLoad load = new WriterLoad(jdbcUrl, user, password, dataset, threads);
        for (int i = 0; i < threads; i++) {
            Writer writer = load.new Writer(new SplittableRandom(1_000L + i));
            load.writers.add(writer);
            Thread thread = new Thread(writer, "bench-writer-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        return load;
    }

    void startMeasuring() {
        measureStartNanos = System.nanoTime();
        measuring.set(true);
    }

    /** Stops measuring and the writers, and returns what they did while measured. */
    WriterFigures stop() {
        measuring.set(false);
        measureEndNanos = System.nanoTime();
        running.set(false);
        try {
            if (!stopped.await(5, TimeUnit.MINUTES)) {
                throw new BenchmarkException("the writers did not stop within 5 minutes of being told to");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while stopping the writers", e);
        }
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long operations = 0;
        long errors = 0;
        for (Writer writer : writers) {
            all.add(writer.latencies);
            operations += writer.operations.get();
            errors += writer.errors.get();
        }
        double seconds = (measureEndNanos - measureStartNanos) / 1e9;
        return new WriterFigures(operations, errors, java.util.Optional.ofNullable(firstError.get()), seconds, all.getValueAtPercentile(50) / 1000.0,
                all.getValueAtPercentile(99) / 1000.0, all.getMaxValue() / 1000.0);
    }

    /** Every dataset id a writer updated (the trigger refreshed their "timestamp"). */
    long[] updatedIds() {
        return updatedIds.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void close() {
        running.set(false);
        pool.close();
    }

    private final class Writer implements Runnable {

        private final SplittableRandom random;
        private final Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        private final AtomicLong operations = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();

        Writer(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    boolean update = random.nextDouble() < UPDATE_SHARE;
                    long id = 1 + random.nextLong(dataset.rows());
                    String name = update ? null : dataset.drawName(random);
                    int status = random.nextInt(5);
                    // the id counts as touched before the write: a write that fails mid-flight may still commit
                    if (update) {
                        updatedIds.add(id);
                    }
                    // an operation counts if it started while measured, even if it ends after: the
                    // longest stalls are exactly the ones still waiting when the backfill commits
                    boolean measured = measuring.get();
                    long start = System.nanoTime();
                    try {
                        if (update) {
                            dao.updateStatus(id, status);
                        } else {
                            dao.insert(name, status);
                        }
                    } catch (NameLogDaoException e) {
                        firstError.compareAndSet(null, (update ? "update: " : "insert: ") + e.getMessage());
                        if (measured) {
                            errors.incrementAndGet();
                        }
                        continue;
                    }
                    long micros = (System.nanoTime() - start) / 1000;
                    if (measured) {
                        latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
                        operations.incrementAndGet();
                    }
                }
            } finally {
                stopped.countDown();
            }
        }
    }
}
