package org.namelog.dao.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;

class ReadPinsTest {

    private final AtomicReference<ReadPin> flag = new AtomicReference<>(ReadPin.NONE);
    private final ReadPins pins = new ReadPins(
            new FlagSourceConfig(Duration.ofSeconds(1), ReadPin.NONE).withReadPinSource(flag::get));

    private static final Paths LEGACY_READ_DUAL_WRITE = Paths.of(ReadPath.LEGACY, WritePath.DUAL);

    @Test
    void aPinFromTheFlagSystemHoldsReadsBackOnDualWriteAndKeepsThemBackThroughReadNew() {
        flag.set(ReadPin.LEGACY);
        Paths dual = pins.pathsFor(Phase.DUAL_WRITE, Phase.DUAL_WRITE.paths());
        assertThat(dual).isEqualTo(LEGACY_READ_DUAL_WRITE);
        assertThat(pins.pathsFor(Phase.READ_NEW, dual)).isEqualTo(LEGACY_READ_DUAL_WRITE);

        flag.set(ReadPin.SHADOW);
        assertThat(pins.pathsFor(Phase.READ_NEW, LEGACY_READ_DUAL_WRITE).read()).isEqualTo(ReadPath.SHADOW);
    }

    @Test
    void aPinIsNeverEngagedOnReadNewByAnInstanceThatAlreadyReadsNew() {
        assertThat(pins.pathsFor(Phase.READ_NEW, null)).isEqualTo(Phase.READ_NEW.paths());
        flag.set(ReadPin.LEGACY);
        assertThat(pins.pathsFor(Phase.READ_NEW, Phase.READ_NEW.paths())).isEqualTo(Phase.READ_NEW.paths());
        assertThat(pins.pathsFor(Phase.READ_NEW, null)).isEqualTo(Phase.READ_NEW.paths());
        // back on DUAL_WRITE the pin applies again
        assertThat(pins.pathsFor(Phase.DUAL_WRITE, Phase.READ_NEW.paths())).isEqualTo(LEGACY_READ_DUAL_WRITE);
    }

    @Test
    void releasingAPinIsAlwaysAllowed() {
        flag.set(ReadPin.LEGACY);
        Paths pinned = pins.pathsFor(Phase.READ_NEW, LEGACY_READ_DUAL_WRITE);
        assertThat(pinned).isEqualTo(LEGACY_READ_DUAL_WRITE);
        flag.set(ReadPin.NONE);
        assertThat(pins.pathsFor(Phase.READ_NEW, pinned)).isEqualTo(Phase.READ_NEW.paths());
    }

    @Test
    void onceTheFleetReachedNewOnlyThePinIsReleasedForGood() {
        flag.set(ReadPin.LEGACY);
        assertThat(pins.pathsFor(Phase.NEW_ONLY, LEGACY_READ_DUAL_WRITE)).isEqualTo(Phase.NEW_ONLY.paths());
        assertThat(pins.pathsFor(Phase.DUAL_WRITE, Phase.NEW_ONLY.paths())).isEqualTo(Phase.DUAL_WRITE.paths());
    }

    @Test
    void aFailingPinSourceFollowsTheFleet() {
        ReadPins failing = new ReadPins(new FlagSourceConfig(Duration.ofSeconds(1), ReadPin.LEGACY)
                .withReadPinSource(() -> {
                    throw new IllegalStateException("flag system down");
                }));
        assertThat(failing.pathsFor(Phase.DUAL_WRITE, null)).isEqualTo(Phase.DUAL_WRITE.paths());
    }

    @Test
    void theFixedPinKeepsItsRulesWithoutASource() {
        ReadPins fixed = new ReadPins(new FlagSourceConfig(Duration.ofSeconds(1), ReadPin.SHADOW));
        assertThat(fixed.pathsFor(Phase.READ_NEW, null).read()).isEqualTo(ReadPath.SHADOW);
        assertThat(fixed.pathsFor(Phase.NEW_ONLY, null)).isEqualTo(Phase.NEW_ONLY.paths());
        assertThat(fixed.pathsFor(Phase.READ_NEW, null)).isEqualTo(Phase.READ_NEW.paths());
    }
}
