package org.namelog.migration.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime berlin(String time) {
        return ZonedDateTime.parse("2026-03-10T" + time + ":00+01:00[Europe/Berlin]");
    }

    @ParameterizedTest
    @CsvSource({"00:59, false", "01:00, true", "04:59, true", "05:00, false", "12:00, false"})
    void aWindowWithinOneDay(String at, boolean open) {
        assertThat(TimeWindow.parse("01:00-05:00", BERLIN).contains(berlin(at))).isEqualTo(open);
    }

    @ParameterizedTest
    @CsvSource({"21:59, false", "22:00, true", "23:59, true", "00:00, true", "03:59, true", "04:00, false"})
    void aWindowOverMidnight(String at, boolean open) {
        assertThat(TimeWindow.parse("22:00-04:00", BERLIN).contains(berlin(at))).isEqualTo(open);
    }

    @Test
    void theWindowIsReadInItsOwnTimeZone() {
        TimeWindow window = TimeWindow.parse("01:00-05:00", BERLIN);
        // 01:30 in Berlin (winter) is 00:30 UTC.
        assertThat(window.contains(ZonedDateTime.parse("2026-01-10T00:30:00Z"))).isTrue();
        assertThat(window.contains(ZonedDateTime.parse("2026-01-10T01:30:00+00:00"))).isTrue();
        assertThat(window.contains(ZonedDateTime.parse("2026-01-10T04:30:00Z"))).isFalse();
    }

    @Test
    void untilOpenCountsToTheNextStart() {
        TimeWindow window = TimeWindow.parse("01:00-05:00", BERLIN);
        assertThat(window.untilOpen(berlin("00:30"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(window.untilOpen(berlin("06:00"))).isEqualTo(Duration.ofHours(19));
        assertThat(window.untilOpen(berlin("02:00"))).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-5", "01:00", "01:00-25:00", "01:00-01:00", "late"})
    void badWindowsAreRejectedClearly(String text) {
        assertThatThrownBy(() -> TimeWindow.parse(text, BERLIN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--window");
    }
}
