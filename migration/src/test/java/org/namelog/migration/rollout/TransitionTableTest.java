package org.namelog.migration.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.dao.fleet.PhaseMove;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.migration.ExitCode;
import org.namelog.migration.rollout.RolloutFacts.OperatorOption;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.Catalog.ObjectState;
import org.namelog.migration.step.SchemaState;

/** The transition table's rules, on facts given by hand. */
class TransitionTableTest {

    private static final TransitionTable TABLE = TransitionTable.standard();
    private static final SchemaState VALIDATED = new SchemaState(true, ColumnState.NULLABLE, ObjectState.VALID,
            ObjectState.VALID, ColumnState.NULLABLE, ObjectState.ABSENT, ObjectState.ABSENT);
    private static final SchemaState CONTRACTED = new SchemaState(true, ColumnState.NULLABLE, ObjectState.VALID,
            ObjectState.VALID, ColumnState.ABSENT, ObjectState.ABSENT, ObjectState.ABSENT);

    /** Facts as a value; the defaults are a healthy fleet at {@code phase} in epoch 7. */
    private record Facts(Phase phase, Stamp now, boolean textAuthoritative, List<FleetInstance> liveInstances,
            SchemaState schema, Optional<Stamp> verification,
            boolean rowsWithNameButNoNameId, Set<OperatorOption> options) implements RolloutFacts {

        static Facts at(Phase phase) {
            return new Facts(phase, new Stamp(7, 42), true, List.of(instance("a-1", phase, false)), VALIDATED,
                    Optional.of(new Stamp(7, 42)), false, Set.of());
        }

        Facts with(List<FleetInstance> live) {
            return new Facts(phase, now, textAuthoritative, live, schema, verification,
                    rowsWithNameButNoNameId, options);
        }

        Facts with(SchemaState s) {
            return new Facts(phase, now, textAuthoritative, liveInstances, s, verification,
                    rowsWithNameButNoNameId, options);
        }

        Facts verified(Stamp v) {
            return new Facts(phase, now, textAuthoritative, liveInstances, schema, Optional.ofNullable(v),
                    rowsWithNameButNoNameId, options);
        }

        Facts textLost() {
            return new Facts(phase, now, false, liveInstances, schema, verification,
                    rowsWithNameButNoNameId, options);
        }

        Facts given(OperatorOption... given) {
            return new Facts(phase, now, textAuthoritative, liveInstances, schema, verification,
                    rowsWithNameButNoNameId, given.length == 0 ? Set.of() : EnumSet.of(given[0], given));
        }

        @Override
        public boolean has(OperatorOption option) {
            return options.contains(option);
        }
    }

    private static FleetInstance instance(String id, Phase phase, boolean stale) {
        return new FleetInstance(id, "service-x", "host-1", phase.name(), phase.paths().read().name(),
                phase.paths().write().name(), stale, OffsetDateTime.now(), OffsetDateTime.now(), true);
    }

    @Test
    void everyMoveHasOneRowAndEveryPhaseMoveIsBetweenNeighbours() {
        assertThat(TABLE.transitions()).extracting(Transition::move).containsExactly(Move.values());
        for (Phase from : Phase.values()) {
            if (from != Phase.CONTRACTED) {
                assertThat(Move.of(new PhaseMove(from, from.next())).phaseMove()).contains(new PhaseMove(from, from.next()));
                assertThat(Move.of(new PhaseMove(from.next(), from)).command()).isEqualTo("back --to " + from);
            }
        }
        assertThat(TABLE.transitions()).allSatisfy(t -> {
            assertThat(t.actions()).isNotEmpty();
            assertThat(t.preconditions()).extracting(Precondition::rule).allSatisfy(r -> assertThat(r).isNotBlank());
        });
    }

    @Test
    void aVerifyFromAnEarlierEpochIsNotTrusted() {
        Facts facts = Facts.at(Phase.DUAL_WRITE);
        assertThat(TABLE.unmet(Move.ADVANCE_TO_READ_NEW, facts)).isEmpty();

        assertThat(TABLE.unmet(Move.ADVANCE_TO_READ_NEW, facts.verified(new Stamp(6, 42))))
                .singleElement().asString().contains("epoch 6").contains("verify again");
        assertThat(TABLE.unmet(Move.ADVANCE_TO_READ_NEW, facts.verified(new Stamp(7, 41))))
                .singleElement().asString().contains("another name table");
        assertThat(TABLE.unmet(Move.ADVANCE_TO_READ_NEW, facts.verified(null)))
                .singleElement().asString().contains("run namelog-migrate backfill, then verify");
    }

    @ParameterizedTest
    @EnumSource(value = Move.class, names = {"BACK_TO_DUAL_WRITE", "BACKFILL", "VERIFY", "ROLLBACK_EXPAND"})
    void whatReadsOrCopiesTheTextNeedsItAuthoritative(Move move) {
        Phase at = move == Move.ROLLBACK_EXPAND ? Phase.LEGACY : move == Move.BACK_TO_DUAL_WRITE ? Phase.READ_NEW
                : Phase.DUAL_WRITE;
        Facts facts = Facts.at(at);
        if (move == Move.ROLLBACK_EXPAND) {
            facts = facts.with(new SchemaState(true, ColumnState.NULLABLE, ObjectState.VALID, ObjectState.INVALID,
                    ColumnState.NULLABLE, ObjectState.ABSENT, ObjectState.ABSENT));
        }
        assertThat(TABLE.unmet(move, facts)).isEmpty();
        assertThat(TABLE.unmet(move, facts.textLost())).singleElement().asString()
                .contains("the text is not authoritative").contains("rollback first");
    }

    @Test
    void contractReadsNoText() {
        Facts facts = Facts.at(Phase.CONTRACTED).textLost().verified(null)
                .given(OperatorOption.YES);
        Facts withRowsLackingNameId = new Facts(facts.phase(), facts.now(), false, facts.liveInstances(),
                facts.schema(), facts.verification(), true, facts.options());

        assertThat(TABLE.unmet(Move.CONTRACT, withRowsLackingNameId)).isEmpty();
        assertThat(TABLE.unmet(Move.CONTRACT, Facts.at(Phase.CONTRACTED))).singleElement().asString()
                .contains("--yes");
    }

    @Test
    void newOnlyNeedsANullableNameColumnAndNoReadPin() {
        Facts facts = Facts.at(Phase.READ_NEW);
        assertThat(TABLE.unmet(Move.ADVANCE_TO_NEW_ONLY, facts)).isEmpty();
        SchemaState notNull = new SchemaState(true, ColumnState.NULLABLE, ObjectState.VALID, ObjectState.VALID,
                ColumnState.NOT_NULL, ObjectState.ABSENT, ObjectState.ABSENT);
        assertThat(TABLE.unmet(Move.ADVANCE_TO_NEW_ONLY, facts.with(notNull))).singleElement().asString()
                .contains("namelog.name is NOT NULL");
        FleetInstance pinned = new FleetInstance("pinned-1", "s", "h", "READ_NEW", ReadPath.LEGACY.name(), "DUAL",
                false, OffsetDateTime.now(), OffsetDateTime.now(), true);
        assertThat(TABLE.unmet(Move.ADVANCE_TO_NEW_ONLY, facts.with(List.of(pinned)))).singleElement().asString()
                .contains("instance pinned-1").contains("remove its read pin");
    }

    @Test
    void contractedNeedsEveryInstanceOnNewOnlyAndThereIsNoWayBackWithoutTheColumn() {
        Facts facts = Facts.at(Phase.NEW_ONLY).with(List.of(instance("old-1", Phase.READ_NEW, false)));
        assertThat(TABLE.unmet(Move.ADVANCE_TO_CONTRACTED, facts))
                .anySatisfy(m -> assertThat(m).contains("instance old-1").contains("must be on NEW_ONLY"));
        assertThat(TABLE.unmet(Move.BACK_TO_NEW_ONLY, Facts.at(Phase.CONTRACTED).with(CONTRACTED)))
                .singleElement().asString().contains("no way back");
    }

    @Test
    void everyPhaseMoveNeedsAHeartbeatAFleetTogetherAndNoStaleInstance() {
        Facts nobody = Facts.at(Phase.LEGACY).with(List.of());
        assertThat(TABLE.unmet(Move.ADVANCE_TO_DUAL_WRITE, nobody)).singleElement().asString()
                .contains("--no-instances-expected");
        Facts allowed = new Facts(Phase.LEGACY, nobody.now(), true, List.of(), VALIDATED, Optional.empty(),
                false, Set.of(OperatorOption.NO_INSTANCES_EXPECTED));
        assertThat(TABLE.unmet(Move.ADVANCE_TO_DUAL_WRITE, allowed)).isEmpty();
        assertThat(TABLE.unmet(Move.ADVANCE_TO_DUAL_WRITE,
                Facts.at(Phase.LEGACY).with(List.of(instance("stale-1", Phase.LEGACY, true)))))
                .singleElement().asString().contains("cannot read the phase");
        assertThat(TABLE.unmet(Move.BACK_TO_READ_NEW,
                Facts.at(Phase.NEW_ONLY).with(List.of(instance("far-1", Phase.CONTRACTED, false)))))
                .singleElement().asString().contains("must be on NEW_ONLY or READ_NEW");
    }

    @Test
    void theCoreRaisesItsOwnFailuresAndTheCommandLineMapsThem() {
        assertThatThrownBy(() -> TABLE.require(Move.VERIFY, Facts.at(Phase.LEGACY)))
                .isInstanceOfSatisfying(RulesNotMetException.class, e -> {
                    assertThat(e.move()).isEqualTo(Move.VERIFY);
                    assertThat(e.unmet()).first().asString().contains("the fleet is at LEGACY");
                    assertThat(ExitCode.of(e)).isEqualTo(ExitCode.PREREQUISITES_NOT_MET);
                });
    }
}
