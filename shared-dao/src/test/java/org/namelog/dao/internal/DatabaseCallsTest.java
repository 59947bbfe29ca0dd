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

    @Test
    void readsRetriedOnPoolTimeoutsTakeThreeTimesTheTimeout() {
        // a failure that took most of the deadline leaves no room for another attempt
        DatabaseCalls bounded = new DatabaseCalls(new DaoConfig(1 << 20, 3, Duration.ofMillis(1), Duration.ofSeconds(5),
                100, Duration.ofMillis(600), Duration.ofMillis(400)), new SimpleMeterRegistry());
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> bounded.read("findById", () -> {
            attempts.incrementAndGet();
            waitMillis(300);
            throw new PersistenceException(new java.sql.SQLTransientConnectionException("pool timeout"));
        })).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(attempts).as("no second attempt: it could not end before the deadline").hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));

        AtomicInteger quick = new AtomicInteger();
        assertThat(bounded.read("findById", failing(1, "08006", quick))).isEqualTo("done");
        assertThat(quick).as("a fast failure still leaves room for a retry").hasValue(2);
    }

    @Test
    void theBreakerClosesOnItsFirstSuccessfulProbeNotOnATimer() {
        DatabaseCalls calls = new DatabaseCalls(new DaoConfig(1 << 20, 1, Duration.ofMillis(1), Duration.ofMillis(200),
                100), new SimpleMeterRegistry());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> calls.read("findById", failing(1, "08006", new AtomicInteger())))
                    .isInstanceOf(DatabaseUnavailableException.class);
        }
        assertThat(calls.breakerState().name()).isEqualTo("OPEN");
        assertThat(calls.probe(() -> "answered")).as("inside the open time no probe runs").isFalse();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.probe(() -> {
            throw failure("08006");
        }) || true);
        // a failed probe opens it again; the next probe after the open time closes it at once
        assertThat(calls.breakerState().name()).isIn("OPEN", "HALF_OPEN");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.probe(() -> "answered"));
        assertThat(calls.breakerState().name()).isEqualTo("CLOSED");
        assertThat(calls.read("findById", () -> "served")).isEqualTo("served");
    }

    @Test
    void messagesNameTheConditionNeverTheServersText() {
        RuntimeException leaky = new PersistenceException(new SQLException(
                "ERROR: new row violates check constraint; Detail: Failing row contains (4, secret-alice, 1)", "23514"));
        assertThatThrownBy(() -> calls.write("insert", () -> {
            throw leaky;
        })).isInstanceOf(org.namelog.dao.DataRejectedException.class)
                .hasMessageContaining("SQLState 23514").hasMessageNotContaining("secret-alice");
        RuntimeException hostile = new PersistenceException(new java.sql.SQLTransientConnectionException(
                "db1.internal:5432 - Connection is not available (total=10, active=10, idle=0, waiting=3)"));
        assertThatThrownBy(() -> calls.write("insert", () -> {
            throw hostile;
        })).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageNotContaining("db1.internal").hasMessageNotContaining("total=");
    }

    private static void waitMillis(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
