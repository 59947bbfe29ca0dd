package org.namelog.dao.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

@PostgresTest
class StateTablesIT {

    @Test
    void stateTablesCreatedAgainGainNoDuplicateLeaseCheck(TestDatabase db) {
        // every command of the tool runs the script: on PostgreSQL 12 each run used to add one more CHECK
        for (int run = 0; run < 3; run++) {
            StateTables.create(db.dataSource());
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'namelog_instances'::regclass"
                + " AND contype = 'c'")).isEqualTo(1);
    }
}
