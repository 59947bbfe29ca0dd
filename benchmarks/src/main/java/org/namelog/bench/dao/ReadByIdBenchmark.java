package org.namelog.bench.dao;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogEntry;
import org.namelog.dao.flag.Phase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code findById} of a random row: LEGACY reads the text; NEW joins name through name_id only
 * (phase READ_NEW: reads never fall back to the text there).
 */
@State(Scope.Benchmark)
public class ReadByIdBenchmark {

    @Param({"LEGACY", "NEW"})
    public String path;

    private NameLogDao dao;
    private long rows;

    @Setup(Level.Trial)
    public void setUp(DaoDatabase database) {
        dao = database.dao(path.equals("NEW") ? Phase.READ_NEW : Phase.LEGACY);
        rows = database.dataset.rows();
    }

    @Benchmark
    public Optional<NameLogEntry> readById() {
        return dao.findById(1 + ThreadLocalRandom.current().nextLong(rows));
    }
}
