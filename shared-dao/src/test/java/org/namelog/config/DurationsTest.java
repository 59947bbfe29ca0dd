package org.namelog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsWhatOperatorsWrite() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse(" 2s ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0")).isZero();
        assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void saysHowToWriteWhatItCannotRead() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("5"))
                .withMessage("'5' has no unit: write it like 500ms, 2s, 1m or 1h");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("two seconds"))
                .withMessageContaining("is not a duration");
    }

    @Test
    void formatsSoThatParseReadsItBack() {
        for (String d : new String[] {"90s", "2m", "1h", "250ms", "0s"}) {
            assertThat(Durations.format(Durations.parse(d))).isEqualTo(d);
        }
    }
}
