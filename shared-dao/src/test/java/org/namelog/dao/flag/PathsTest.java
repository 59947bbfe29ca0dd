package org.namelog.dao.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathsTest {

    /** Exactly the combinations that return the written name, from any phase neighbour. */
    private static final Set<String> ALLOWED = Set.of(
            "LEGACY/LEGACY/PRESENT",
            "LEGACY/DUAL/PRESENT", "SHADOW/DUAL/PRESENT", "NEW/DUAL/PRESENT",
            "NEW/NEW/PRESENT",
            "NEW/NEW/DROPPED");

    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (ReadPath read : ReadPath.values()) {
            for (WritePath write : WritePath.values()) {
                for (NameColumn column : NameColumn.values()) {
                    all.add(Arguments.of(read, write, column));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "read {0} / write {1} / name column {2}")
    @MethodSource("everyCombination")
    void onlyCorrectCombinationsCanBeBuilt(ReadPath read, WritePath write, NameColumn column) {
        if (ALLOWED.contains(read + "/" + write + "/" + column)) {
            assertThatNoException().isThrownBy(() -> new Paths(read, write, column));
        } else {
            assertThatIllegalArgumentException().isThrownBy(() -> new Paths(read, write, column))
                    .withMessageContaining(read.name());
        }
    }

    @Test
    void readingThroughNameIdWhileWritingOnlyTextIsRejectedWithWhatToDo() {
        assertThatIllegalArgumentException().isThrownBy(() -> Paths.of(ReadPath.NEW, WritePath.LEGACY))
                .withMessage("read path NEW needs name_id to be written, but the write path is LEGACY: use write DUAL first");
    }

    @Test
    void phasesWalkInOrderAndEachNeighbourPairIsCompatible() {
        assertThat(Phase.LEGACY.next()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(Phase.NEW_ONLY.next()).isEqualTo(Phase.CONTRACTED);
        assertThat(Phase.CONTRACTED.next()).isEqualTo(Phase.CONTRACTED);
        assertThat(Phase.LEGACY.previous()).isEqualTo(Phase.LEGACY);
        for (Phase phase : Phase.values()) {
            Paths here = phase.paths();
            Paths next = phase.next().paths();
            // No instance reads through name_id while a neighbour may still write rows without it
            if (here.read() != ReadPath.LEGACY || next.read() != ReadPath.LEGACY) {
                assertThat(here.write().writesNameId() && next.write().writesNameId())
                        .as("%s and %s", phase, phase.next()).isTrue();
            }
            // No instance reads the text while a neighbour may write rows without it
            if (here.read() == ReadPath.LEGACY || next.read() == ReadPath.LEGACY) {
                assertThat(here.write().writesLegacyText() && next.write().writesLegacyText())
                        .as("%s and %s", phase, phase.next()).isTrue();
            }
        }
    }
}
