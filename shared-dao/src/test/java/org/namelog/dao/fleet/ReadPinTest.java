package org.namelog.dao.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;

class ReadPinTest {

    @ParameterizedTest
    @EnumSource(ReadPin.class)
    void everyPinGivesLegalPathsInEveryPhaseAndNeverChangesWrites(ReadPin pin) {
        for (Phase phase : Phase.values()) {
            Paths paths = pin.pathsFor(phase); // Paths validates itself: an illegal one would throw
            assertThat(paths.write()).as("%s in %s", pin, phase).isEqualTo(phase.paths().write());
            assertThat(paths.nameColumn()).isEqualTo(phase.paths().nameColumn());
        }
    }

    @Test
    void legacyPinHoldsReadsBackOnlyWhileTheFleetWritesBothColumns() {
        assertThat(ReadPin.LEGACY.pathsFor(Phase.READ_NEW)).isEqualTo(Paths.of(ReadPath.LEGACY, WritePath.DUAL));
        assertThat(ReadPin.LEGACY.pathsFor(Phase.DUAL_WRITE)).isEqualTo(Phase.DUAL_WRITE.paths());
        assertThat(ReadPin.SHADOW.pathsFor(Phase.READ_NEW)).isEqualTo(Paths.of(ReadPath.SHADOW, WritePath.DUAL));
        assertThat(ReadPin.LEGACY.pathsFor(Phase.LEGACY)).isEqualTo(Phase.LEGACY.paths());
        assertThat(ReadPin.LEGACY.pathsFor(Phase.NEW_ONLY)).isEqualTo(Phase.NEW_ONLY.paths());
    }

    @Test
    void aPinIsNotAllowedFromNewOnlyOn() {
        assertThat(ReadPin.LEGACY.allowedIn(Phase.READ_NEW)).isTrue();
        assertThat(ReadPin.LEGACY.allowedIn(Phase.NEW_ONLY)).isFalse();
        assertThat(ReadPin.SHADOW.allowedIn(Phase.CONTRACTED)).isFalse();
        assertThat(ReadPin.NONE.allowedIn(Phase.CONTRACTED)).isTrue();
    }

    @Test
    void parsesCaseInsensitivelyAndRejectsNew() {
        assertThat(ReadPin.parse(" legacy ")).isEqualTo(ReadPin.LEGACY);
        assertThat(ReadPin.parse("")).isEqualTo(ReadPin.NONE);
        assertThat(ReadPin.parse(null)).isEqualTo(ReadPin.NONE);
        assertThatThrownBy(() -> ReadPin.parse("NEW")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE, LEGACY, SHADOW");
    }
}
