package org.namelog.flyway;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway over shared-dao's {@code db/migration} as a team would configure it.
 *
 * <p>{@code postgresql.transactional.lock=false}: by default Flyway holds its lock as a transaction
 * advisory lock, in a transaction open for the whole run, and {@code CREATE INDEX CONCURRENTLY}
 * (V4) waits for every older transaction to end: with the default, V4 waits forever.
 */
final class FlywayRun {

    private FlywayRun() {}

    static FluentConfiguration configure(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .cleanDisabled(true);
    }

    /** On a database that already holds the legacy table: V1 is taken as applied. */
    static FluentConfiguration onLegacy(String jdbcUrl, String user, String password) {
        return configure(jdbcUrl, user, password)
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .baselineDescription("legacy namelog, as production has it");
    }
}
