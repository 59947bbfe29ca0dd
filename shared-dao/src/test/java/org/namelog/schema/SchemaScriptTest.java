package org.namelog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaScriptTest {

    private static SchemaScript script(String sql) {
        return new SchemaScript(9, false, "x", "V9__x.sql", sql);
    }

    @Test
    void onlyAConcurrentStatementRunsOutsideATransaction() {
        assertThat(script("CREATE INDEX CONCURRENTLY i ON t (c);").runsOutsideTransaction()).isTrue();
        assertThat(script("-- not built CONCURRENTLY: the table is new\nCREATE INDEX i ON t (c);")
                .runsOutsideTransaction()).isFalse();
    }
}
