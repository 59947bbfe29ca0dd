package org.namelog.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

@PostgresTest
class DatasetIT {

    @Test
    void theSqlGeneratorWritesTheNamesJavaDrawsAndTheKnownTimestamps(TestDatabase db) throws Exception {
        Dataset dataset = new Dataset(5_000, 300);
        try (Connection c = db.connect()) {
            dataset.load(c);
        }
        assertThat(db.queryLong("SELECT count(*) FROM namelog")).isEqualTo(5_000);
        assertThat(db.queryLong("SELECT count(*) FROM namelog WHERE \"timestamp\" <> "
                + Dataset.loadedTimestampSql("id"))).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT name FROM namelog")) {
            while (rs.next()) {
                String name = rs.getString(1);
                int rank = Integer.parseInt(name.substring(5, 11));
                assertThat(name).isEqualTo(dataset.name(rank));
            }
        }
        // new rows continue after the dataset's ids
        db.execute("INSERT INTO namelog (name, status) VALUES ('x', 1)");
        assertThat(db.queryLong("SELECT max(id) FROM namelog")).isEqualTo(5_001);
    }
}
