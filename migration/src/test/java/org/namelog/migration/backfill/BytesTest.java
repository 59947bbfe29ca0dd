package org.namelog.migration.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void sizesReadAsTheOptionsWriteThem() {
        assertThat(Bytes.parse("0")).isZero();
        assertThat(Bytes.parse("512kB")).isEqualTo(512L * 1024);
        assertThat(Bytes.parse("256MB")).isEqualTo(256L << 20);
        assertThat(Bytes.parse("2GB")).isEqualTo(2L << 30);
        assertThat(Bytes.parse("1234")).isEqualTo(1234);
    }

    /** The option used to be a duration: an old command line gets told what changed. */
    @Test
    void aDurationIsRefusedSayingTheLagIsInBytes() {
        assertThatThrownBy(() -> Bytes.parse("30s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("measured in WAL bytes, not time");
        assertThatThrownBy(() -> Bytes.parse("MB")).hasMessageContaining("is not a size");
    }

    @Test
    void formatsForPeople() {
        assertThat(Bytes.format(1536)).isEqualTo("1.5kB");
        assertThat(Bytes.format(9_961_472)).isEqualTo("9.5MB");
        assertThat(Bytes.format(12)).isEqualTo("12B");
    }
}
