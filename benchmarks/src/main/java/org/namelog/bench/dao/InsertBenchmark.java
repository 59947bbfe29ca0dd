package org.namelog.bench.dao;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.flag.Phase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code insert} on each write path: LEGACY (text only), DUAL with every name already in the
 * cache, DUAL with every name new (lookup-or-insert of the Name row in the same statement), and NEW
 * (name_id only, cache warm). Names are drawn like the dataset's.
 */
@State(Scope.Benchmark)
public class InsertBenchmark {

    @Param({"LEGACY", "DUAL_WARM_CACHE", "DUAL_NEW_NAME", "NEW"})
    public String path;

    private final AtomicLong newNames = new AtomicLong();
    private NameLogDao dao;
    private DaoDatabase database;

    @Setup(Level.Trial)
    public void setUp(DaoDatabase database) {
        this.database = database;
        Phase phase = switch (path) {
            case "LEGACY" -> Phase.LEGACY;
            case "DUAL_WARM_CACHE", "DUAL_NEW_NAME" -> Phase.DUAL_WRITE;
            case "NEW" -> Phase.NEW_ONLY;
            default -> throw new IllegalArgumentException("unknown insert path " + path);
        };
        dao = database.dao(phase);
        if (path.equals("DUAL_WARM_CACHE") || path.equals("NEW")) {
            // one write per name fills the cache, so that the measured inserts never miss it
            for (int k = 1; k <= database.dataset.names(); k++) {
                dao.insert(database.dataset.name(k), 0);
            }
        }
    }

    @Benchmark
    public long insert() {
        String name = path.equals("DUAL_NEW_NAME")
                ? "new-" + ProcessHandle.current().pid() + "-" + newNames.incrementAndGet()
                : database.dataset.drawName(ThreadLocalRandom.current());
        return dao.insert(name, 1);
    }
}
