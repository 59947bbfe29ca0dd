package org.namelog.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsAndRendersMarkdown() {
        TextTable table = new TextTable(List.of("strategy", "rows/s")).add(List.of("one statement", "100")).add(
                List.of("a|b", "7"));

        assertThat(table.aligned()).isEqualTo("""
                strategy       rows/s
                -------------  ------
                one statement  100
                a|b            7
                """);
        assertThat(table.markdown()).isEqualTo("""
                | strategy | rows/s |
                |---|---|
                | one statement | 100 |
                | a\\|b | 7 |
                """);
    }

    @Test
    void refusesARowOfAnotherWidth() {
        assertThatThrownBy(() -> new TextTable(List.of("a", "b")).add(List.of("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cells but the header has 2");
    }

    @Test
    void figuresPrintTheWayTheDocumentShowsThem() {
        assertThat(Figures.count(1234567.4)).isEqualTo("1,234,567");
        assertThat(Figures.ratio(0.954)).isEqualTo("0.95×");
        assertThat(Figures.ratio(Double.NaN)).isEqualTo("–");
        assertThat(Figures.micros(350)).isEqualTo("350 µs");
        assertThat(Figures.micros(4170)).isEqualTo("4.2 ms");
        assertThat(Figures.millis(12_345)).isEqualTo("12,345 ms");
        assertThat(Figures.bytes(181L << 20)).isEqualTo("181 MiB");
    }
}
