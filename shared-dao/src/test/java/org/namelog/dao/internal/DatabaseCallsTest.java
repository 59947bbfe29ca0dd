package org.namelog.dao.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.NameLogDaoException;

class DatabaseCallsTest {

    private final DatabaseCalls calls = new DatabaseCalls(
            new DaoConfig(1 << 20, 3, Duration.ofMillis(1), Duration.ofSeconds(5), 100), new SimpleMeterRegistry());

    private static RuntimeException failure(String sqlState) {
        return new PersistenceException(new SQLException("simulated", sqlState));
    }

    /** Fails with {@code sqlState} the first {@code failures} times, then answers. */
    private static Supplier<String> failing(int failures, String sqlState, AtomicInteger attempts) {
        return () -> {
            if (attempts.incrementAndGet() <= failures) {
                throw failure(sqlState);
            }
            return "done";
        };
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"40001", "40P01", "55P03"})
    void writesAreRetriedAfterFailuresThatCertainlyRolledBack(String sqlState) {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(calls.write("insert", failing(2, sqlState, attempts))).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"08006", "08003", "57P01"})
    void writesWhoseOutcomeIsUnknownAreNeverRetried(String sqlState) {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.write("insert", failing(1, sqlState, attempts)))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void readsAreRetriedAfterABrokenConnection() {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(calls.read("findById", failing(1, "08006", attempts))).isEqualTo("done");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void otherFailuresAreNeitherRetriedNorCountedAgainstTheDatabase() {
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> calls.write("insert", failing(Integer.MAX_VALUE, "23505", attempts)))
                    .isInstanceOf(NameLogDaoException.class)
                    .isNotInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("SQLState 23505");
        }
        assertThat(attempts).hasValue(10);
        assertThat(calls.breakerState().name()).isEqualTo("CLOSED");
    }

    @Test
    void retriesGiveUpAfterTheConfiguredAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.write("insert", failing(10, "40001", attempts)))
                .isInstanceOf(NameLogDaoException.class).hasMessageContaining("40001");
        assertThat(attempts).hasValue(3);
    }
}
