package org.namelog.bench.dao;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogEntry;
import org.namelog.dao.flag.Phase;
import org.namelog.testbed.Dataset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code findByName}, first page of {@value #PAGE} entries, of a name chosen uniformly among the
 * distinct names (so rare names weigh as much as common ones): LEGACY by the hash index on the
 * text; NEW by the name's digest, then namelog_name_id_idx (phase READ_NEW).
 */
@State(Scope.Benchmark)
public class ReadByNameBenchmark {

    static final int PAGE = 20;

    @Param({"LEGACY", "NEW"})
    public String path;

    private NameLogDao dao;
    private Dataset dataset;

    @Setup(Level.Trial)
    public void setUp(DaoDatabase database) {
        dao = database.dao(path.equals("NEW") ? Phase.READ_NEW : Phase.LEGACY);
        dataset = database.dataset;
    }

    @Benchmark
    public List<NameLogEntry> readByName() {
        String name = dataset.name(1 + ThreadLocalRandom.current().nextInt(dataset.names()));
        return dao.findByName(name, 0, PAGE);
    }
}
