package org.namelog.bench.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.namelog.bench.BenchmarkException;
import org.namelog.testbed.Dataset;

class BackfillOptionsTest {

    private static BackfillOptions options(List<Strategy> strategies, boolean isolated, boolean load) {
        return new BackfillOptions(new Dataset(100, 10), strategies, isolated, load, 4, Duration.ZERO,
                Duration.ofSeconds(1), 1_000, Path.of("missing.jar"), List.of(), Path.of("out.md"), Path.of("logs"), "pgbench");
    }

    @Test
    void everyRatioNeedsStrategyOne() {
        assertThatThrownBy(() -> options(List.of(Strategy.OURS), true, true))
                .hasMessageContaining("must include one-statement");
    }

    @Test
    void aRunNeedsAMode() {
        assertThatThrownBy(() -> options(List.of(Strategy.ONE_STATEMENT), false, false))
                .hasMessageContaining("isolated or load");
    }

    @Test
    void strategiesAreNamedAsOnTheCommandLine() {
        assertThat(Strategy.ofOption(" Ours-Throttled")).isEqualTo(Strategy.OURS_THROTTLED);
        assertThatThrownBy(() -> Strategy.ofOption("fast")).hasMessageContaining("one-statement, seed-recipe, ours");
    }

    @Test
    void aMissingToolJarSaysHowToBuildIt() {
        assertThat(options(List.of(Strategy.ONE_STATEMENT, Strategy.OURS), true, false).runsMigrationTool()).isTrue();
        assertThatThrownBy(() -> new MigrationTool(Path.of("missing.jar"), Path.of("logs")).requirePresent())
                .isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("./mvnw -q -DskipTests package")
                .hasMessageContaining("--strategies one-statement,seed-recipe");
    }
}
