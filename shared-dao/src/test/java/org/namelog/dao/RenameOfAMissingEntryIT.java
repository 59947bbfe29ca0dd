package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/** A rename of an id that does not exist writes nothing: no orphan Name row a client could pile up. */
@PostgresTest
class RenameOfAMissingEntryIT {

    @Test
    void renamesOfMissingIdsLeaveNoOrphanNameRows(TestDatabase db) {
        db.expand();
        for (Phase phase : new Phase[] {Phase.DUAL_WRITE, Phase.NEW_ONLY}) {
            NameLogDao dao = NameLogDao.create(db.dataSource(), StaticFlagSource.of(phase), new SimpleMeterRegistry(),
                    DaoConfig.defaults());
            long before = db.queryLong("SELECT count(*) FROM name");

            assertThat(dao.rename(999_999_999L, "x".repeat(400_000) + phase)).isFalse();
            assertThat(dao.rename(999_999_998L, "never stored " + phase)).isFalse();

            assertThat(db.queryLong("SELECT count(*) FROM name")).as("name rows after 404s in %s", phase)
                    .isEqualTo(before);
            // and the name is not cached under an id that was rolled back
            long id = dao.insert("never stored " + phase, 1);
            assertThat(dao.findById(id).orElseThrow().name()).isEqualTo("never stored " + phase);
        }
    }
}
