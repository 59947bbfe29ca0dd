package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NameCacheAndResilienceIT {

    @BeforeAll
    void expand(TestDatabase db) {
        db.expand();
    }

    @Test
    void nameIdsAreCachedAndForgottenWhenWritesGoBackToLegacy(TestDatabase db) {
        StaticFlagSource flags = StaticFlagSource.of(Phase.DUAL_WRITE);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NameLogDao dao = NameLogDao.create(db.dataSource(), flags, registry, DaoConfig.defaults());

        dao.insert("cached", 1);
        dao.insert("cached", 1);
        assertThat(dao.cachedNames()).isEqualTo(1);
        assertThat(registry.get("cache.gets").tag("cache", "namelog.name.ids").tag("result", "hit")
                .functionCounter().count()).isEqualTo(1);

        flags.set(Phase.LEGACY);
        dao.insert("legacy", 1);
        assertThat(dao.cachedNames()).isZero();

        // the name table may have been recreated meanwhile: a DUAL write must look the name up again
        db.execute("UPDATE namelog SET name_id = NULL", "DELETE FROM name WHERE value = 'cached'");
        flags.set(Phase.DUAL_WRITE);
        long id = dao.insert("cached", 1);
        assertThat(db.queryLong("SELECT count(*) FROM namelog l JOIN name n ON n.id = l.name_id"
                + " WHERE l.id = " + id + " AND n.value = 'cached'")).isEqualTo(1);
    }

    @Test
    void theCacheIsBoundedByTheSizeOfTheNamesNotTheirCount(TestDatabase db) {
        NameLogDao dao = NameLogDao.create(db.dataSource(), StaticFlagSource.of(Phase.DUAL_WRITE),
                new SimpleMeterRegistry(), DaoConfig.defaults().withNameCacheMaxBytes(256 * 1024));

        for (int i = 0; i < 20; i++) {
            dao.insert(i + "x".repeat(100_000), 1); // ~200 kB each on the heap
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dao.cachedNames()).isLessThanOrEqualTo(1));
        assertThat(db.queryLong("SELECT count(*) FROM name WHERE length(value) > 100000")).isEqualTo(20);
    }

    @Test
    void anUnreachableDatabaseFailsClearlyThenFastOnceTheBreakerOpens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/namelog");
        config.setUsername("nobody");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (HikariDataSource unreachable = new HikariDataSource(config)) {
            NameLogDao dao = NameLogDao.create(unreachable, StaticFlagSource.of(Phase.LEGACY), registry,
                    DaoConfig.defaults().withRetryMaxAttempts(1));

            assertThatThrownBy(() -> dao.insert("lost?", 1))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("database is unreachable");
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> dao.findById(1)).isInstanceOf(DatabaseUnavailableException.class);
            }

            assertThatThrownBy(() -> dao.findById(1))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("circuit breaker is open")
                    .satisfies(e -> assertThat(((DatabaseUnavailableException) e).retryAfter()).isPositive());
            assertThat(dao.databaseReachable()).isFalse();
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "open").gauge().value())
                    .isEqualTo(1.0);
        }
    }
}
