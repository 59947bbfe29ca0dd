package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * Invariant 1 on the DAO alone: whatever one instance writes in one phase, an instance in the
 * same or a neighbouring phase (the fleet is never further apart) reads back exactly. The
 * schema is expanded, as it is from DUAL_WRITE to NEW_ONLY.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossPhaseReadsIT {

    private static final List<Phase> EXPANDED_PHASES =
            List.of(Phase.LEGACY, Phase.DUAL_WRITE, Phase.READ_NEW, Phase.NEW_ONLY);

    private TestDatabase db;

    @BeforeAll
    void expand(TestDatabase db) {
        this.db = db;
        db.expand();
    }

    private NameLogDao instance(Phase phase) {
        return NameLogDao.create(db.dataSource(), StaticFlagSource.of(phase), new SimpleMeterRegistry(),
                DaoConfig.defaults());
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"LEGACY", "DUAL_WRITE", "READ_NEW", "NEW_ONLY"})
    void writesInOnePhaseReadBackInEveryNeighbouringPhase(Phase writerPhase) {
        NameLogDao writer = instance(writerPhase);
        Map<Long, String> written = new LinkedHashMap<>();
        for (String name : NameLogDaoIT.EDGE_NAMES.values()) {
            written.put(writer.insert(name, 1), name);
        }
        written.put(writer.insert(null, 1), null);
        long renamed = writer.insert("to be renamed in " + writerPhase, 1);
        writer.rename(renamed, "renamed in " + writerPhase);
        written.put(renamed, "renamed in " + writerPhase);
        long renamedToNull = writer.insert("to be renamed to null in " + writerPhase, 1);
        writer.rename(renamedToNull, null);
        written.put(renamedToNull, null);

        for (Phase readerPhase : neighbours(writerPhase)) {
            NameLogDao reader = instance(readerPhase);
            written.forEach((id, name) -> assertThat(reader.findById(id))
                    .as("written in %s, read in %s", writerPhase, readerPhase)
                    .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo(name)));
            assertThat(reader.findByName("renamed in " + writerPhase, 0, 10))
                    .as("by name, written in %s, read in %s", writerPhase, readerPhase)
                    .extracting(NameLogEntry::id).containsExactly(renamed);
        }
    }

    @Test
    void aRowRenamedByEachPhaseInTurnAlwaysReadsItsLatestName() {
        long id = instance(Phase.LEGACY).insert("v0", 1);
        String expected = "v0";
        List<Phase> walk = new ArrayList<>(EXPANDED_PHASES);
        walk.addAll(List.of(Phase.READ_NEW, Phase.DUAL_WRITE, Phase.LEGACY));
        int version = 0;
        for (Phase phase : walk) {
            expected = "v" + (++version);
            instance(phase).rename(id, expected);
            for (Phase reader : neighbours(phase)) {
                assertThat(instance(reader).findById(id)).as("renamed in %s, read in %s", phase, reader)
                        .map(NameLogEntry::name).hasValue(expected);
            }
        }
    }

    private static List<Phase> neighbours(Phase phase) {
        List<Phase> phases = new ArrayList<>();
        if (phase != Phase.LEGACY) {
            phases.add(phase.previous());
        }
        phases.add(phase);
        if (phase.next() != Phase.CONTRACTED && phase != Phase.CONTRACTED) {
            phases.add(phase.next());
        }
        return phases;
    }
}
