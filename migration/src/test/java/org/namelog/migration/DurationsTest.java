package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "2s, 2000", "1m, 60000", "1h, 3600000", "0, 0", "0s, 0"})
    void readsTheUnitsOperatorsWrite(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "2 s", "-1s", "1.5s", "1d", "fast"})
    void rejectsAnythingElseSayingHowToWriteIt(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("write it like 500ms, 2s, 1m");
    }

    @ParameterizedTest
    @CsvSource({"500, 500ms", "2000, 2s", "90000, 90s", "120000, 2m", "7200000, 2h", "0, 0s"})
    void formatsWhatItReadsBack(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
