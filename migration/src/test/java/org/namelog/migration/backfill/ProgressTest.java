package org.namelog.migration.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalOneLineIsRedrawnWithBarRateAndEta() {
        Progress progress = new Progress(out, true, 0, 1000);
        progress.update("forward", 250, 200, 50);
        progress.update("forward", 500, 400, 60);
        progress.breakLine();

        assertThat(printed()).startsWith("\rforward [").contains("]  25.0%").contains("\rforward [###############")
                .contains(" 50.0%  id 500/1000").contains("rows/s  ETA ").contains("batch 60").endsWith("\n")
                .doesNotContain("\n\r");
    }

    @Test
    void otherwisePlainLinesAtMostEveryFewSeconds() {
        Progress progress = new Progress(out, false, 100, 1100);
        progress.update("forward", 600, 480, 50);
        progress.update("forward", 700, 580, 50);

        assertThat(printed().lines()).hasSize(1).first().asString()
                .startsWith("forward: id 600 of 1100 (50.0%), 480 rows updated").contains("ETA").doesNotContain("\r");
    }

    @Test
    void theSweepBehindTheCheckpointNeverShowsANegativeShare() {
        Progress progress = new Progress(out, false, 500, 1000);
        progress.update("forward sweep", 20, 10, 50);
        assertThat(printed()).contains("(0.0%)");
    }

    @Test
    void etaReadsLikeADuration() {
        assertThat(Progress.formatSeconds(42)).isEqualTo("42s");
        assertThat(Progress.formatSeconds(125)).isEqualTo("2m05s");
        assertThat(Progress.formatSeconds(7320)).isEqualTo("2h02m");
    }
}
