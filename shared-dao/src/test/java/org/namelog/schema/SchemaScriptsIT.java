package org.namelog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

@PostgresTest
class SchemaScriptsIT {

    private final SchemaScripts scripts = SchemaScripts.load();

    @Test
    void everyForwardStepHasAScriptInOrder() {
        assertThat(scripts.all()).filteredOn(s -> !s.undo()).extracting(SchemaScript::version)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(scripts.forward(4).runsOutsideTransaction()).isTrue();
        assertThat(scripts.forward(3).runsOutsideTransaction()).isFalse();
    }

    @Test
    void expandThenUndoLeavesTheLegacySchema(TestDatabase db) {
        db.execute("INSERT INTO namelog (name, status) VALUES ('a', 1)");
        db.expand();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'namelog' AND column_name = 'name_id'")).isEqualTo(1);
        db.applyUndo(5, 4, 3, 2);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'namelog' AND column_name = 'name_id'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'name'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE name = 'a'")).isEqualTo(1);
    }

    @Test
    void theLegacyTriggerRefreshesTimestampOnUpdate(TestDatabase db) {
        db.execute("INSERT INTO namelog (id, name, status, \"timestamp\") VALUES (1000, 'x', 1, '2001-01-01Z')");
        db.execute("UPDATE namelog SET status = 2 WHERE id = 1000");
        assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE id = 1000 AND \"timestamp\" > '2001-01-01Z'"))
                .isEqualTo(1);
    }
}
