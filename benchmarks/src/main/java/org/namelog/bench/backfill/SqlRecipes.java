package org.namelog.bench.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Strategies 1 and 2: the plain-SQL backfills teams write today, run as those teams run them, in a
 * session with {@code session_replication_role = replica} so that the "timestamp" trigger does not
 * fire (as the migration tool also suppresses it).
 */
final class SqlRecipes {

    /** Every distinct legacy name into {@code name}; names written meanwhile by services are kept. */
    static final String INSERT_NAMES = "INSERT INTO name (value)"
            + " SELECT DISTINCT name FROM namelog WHERE name IS NOT NULL"
            + " ON CONFLICT (name_value_digest(value)) DO NOTHING";

    /** Strategy 1: every row in one statement, one transaction. */
    static final String UPDATE_ALL = "UPDATE namelog l SET name_id = n.id FROM name n"
            + " WHERE n.value = l.name AND l.name_id IS NULL";

    /** Strategy 2: the seed recipe, ranges of 1,000 ids, each committed (PostgreSQL 11 or later). */
    static final String UPDATE_IN_RANGES = """
            DO $$
            DECLARE
                first_id bigint;
                last_id  bigint;
                lo       bigint;
            BEGIN
                SELECT min(id), max(id) INTO first_id, last_id FROM namelog;
                lo := first_id;
                WHILE lo <= last_id LOOP
                    UPDATE namelog l SET name_id = n.id FROM name n
                     WHERE l.id >= lo AND l.id < lo + 1000
                       AND n.value = l.name AND l.name_id IS NULL;
                    COMMIT;
                    lo := lo + 1000;
                END LOOP;
            END
            $$""";

    private SqlRecipes() {}

    static void run(Strategy strategy, Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(INSERT_NAMES);
            switch (strategy) {
                case ONE_STATEMENT -> s.execute(UPDATE_ALL);
                case SEED_RECIPE -> s.execute(UPDATE_IN_RANGES);
                default -> throw new IllegalArgumentException(strategy + " is not a plain-SQL recipe");
            }
            s.execute("RESET session_replication_role");
        }
    }
}
