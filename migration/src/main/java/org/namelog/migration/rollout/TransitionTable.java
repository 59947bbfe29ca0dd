package org.namelog.migration.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.dao.fleet.FleetView;
import org.namelog.dao.fleet.PhaseMove;
import org.namelog.dao.fleet.Prerequisites;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;
import org.namelog.migration.rollout.RolloutFacts.OperatorOption;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.Catalog.ObjectState;
import org.namelog.migration.step.SchemaState;
import org.namelog.migration.step.SchemaState.Stage;

/**
 * The rollout's rules, in one place: for every {@link Move}, its preconditions (each with the
 * one-line message that says what to do), the actions it runs, and what it invalidates. The phase
 * gate (through {@link #asPrerequisites}), every command, {@code plan} and the README's runbook
 * read or state exactly this table.
 *
 * <p>Two facts tie the fleet's phase and the schema together:
 *
 * <ul>
 *   <li>the <b>epoch</b>, one more on every phase change: a verification or a backfill checkpoint
 *       is trusted only under the epoch and {@code name} table it was taken under;
 *   <li>whether the <b>text is authoritative</b>: it stops being so when the fleet enters
 *       {@code NEW_ONLY} (its writers leave the text NULL or stale), and becomes so again when a
 *       reverse backfill completes at {@code READ_NEW} with every live instance writing both
 *       columns. Whatever reads or copies the text (going back to {@code DUAL_WRITE}, the forward
 *       backfill, verify) needs it.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TransitionTable {

    private static final TransitionTable STANDARD = new TransitionTable(build());

    private final Map<Move, Transition> transitions;

    private TransitionTable(Map<Move, Transition> transitions) {
        this.transitions = Collections.unmodifiableMap(transitions);
    }

    /** The table of this version of the tool. */
    public static TransitionTable standard() {
        return STANDARD;
    }

    /** Every transition, in {@link Move} order. */
    public List<Transition> transitions() {
        return List.copyOf(transitions.values());
    }

    public Transition of(Move move) {
        return transitions.get(move);
    }

    /** Every unmet precondition of {@code move}; empty if it may run. */
    public List<String> unmet(Move move, RolloutFacts facts) {
        return of(move).unmet(facts);
    }

    /** Throws if a precondition of {@code move} does not hold. */
    public void require(Move move, RolloutFacts facts) {
        List<String> unmet = unmet(move, facts);
        if (!unmet.isEmpty()) {
            throw new RulesNotMetException(move, unmet);
        }
    }

    /**
     * The table as the phase gate's prerequisites: the gate asks under its lock on the phase row,
     * with the fleet it sees; {@code facts} builds the rest of the facts around that view.
     */
    public Prerequisites asPrerequisites(Function<FleetView, RolloutFacts> facts) {
        return (move, fleet) -> unmet(Move.of(move), facts.apply(fleet));
    }

    // ---------------------------------------------------------------------------------------------
    // The table

    private static Map<Move, Transition> build() {
        Map<Move, Transition> t = new EnumMap<>(Move.class);
        String epoch = "the verification and the backfill checkpoints (a phase change starts a new epoch)";

        t.put(Move.ADVANCE_TO_DUAL_WRITE, phaseMove(Move.ADVANCE_TO_DUAL_WRITE,
                List.of(schemaExpanded("advance --to DUAL_WRITE")),
                List.of(),
                List.of(epoch)));
        t.put(Move.ADVANCE_TO_READ_NEW, phaseMove(Move.ADVANCE_TO_READ_NEW,
                List.of(foreignKeyValidated(), verifiedInThisEpoch()),
                List.of(),
                List.of(epoch)));
        t.put(Move.ADVANCE_TO_NEW_ONLY, phaseMove(Move.ADVANCE_TO_NEW_ONLY,
                List.of(foreignKeyValidated(), nameNullable(), everyInstanceReadsThroughNameId()),
                List.of("the text stops being authoritative: NEW_ONLY writers leave namelog.name NULL or stale"),
                List.of(epoch, "the text (until a reverse backfill at READ_NEW restores it)")));
        t.put(Move.ADVANCE_TO_CONTRACTED, phaseMove(Move.ADVANCE_TO_CONTRACTED,
                List.of(everyInstanceOn(Phase.NEW_ONLY, "every instance must be on NEW_ONLY before the contract")),
                List.of(),
                List.of(epoch)));
        t.put(Move.BACK_TO_NEW_ONLY, phaseMove(Move.BACK_TO_NEW_ONLY,
                List.of(nameColumnPresent()),
                List.of(),
                List.of(epoch)));
        t.put(Move.BACK_TO_READ_NEW, phaseMove(Move.BACK_TO_READ_NEW,
                List.of(),
                List.of(),
                List.of(epoch)));
        t.put(Move.BACK_TO_DUAL_WRITE, phaseMove(Move.BACK_TO_DUAL_WRITE,
                List.of(textAuthoritative("DUAL_WRITE readers would see it")),
                List.of(),
                List.of(epoch)));
        t.put(Move.BACK_TO_LEGACY, phaseMove(Move.BACK_TO_LEGACY,
                List.of(),
                List.of(),
                List.of(epoch, "name_id as a copy of the text: LEGACY writers rename without it (run backfill"
                        + " --from-start and verify after coming back)",
                        "the instances' name caches (they leave the name_id write path)")));

        t.put(Move.EXPAND, new Transition(Move.EXPAND,
                List.of(notContracted("the legacy column is already dropped (contracted): nothing to expand"),
                        legacyColumnPresent()),
                List.of("create table name, add the nullable namelog.name_id, index it CONCURRENTLY, add the"
                        + " foreign key NOT VALID (each action skipped when already in place)"),
                List.of()));
        t.put(Move.BACKFILL, new Transition(Move.BACKFILL,
                List.of(schemaExpanded("backfill"), fleetWritesNameId("backfill"),
                        textAuthoritative("the backfill would copy it into name_id")),
                List.of("resume the checkpoint only if it was taken in this epoch on this name table; otherwise start"
                        + " over from the first id, and say why",
                        "set name_id to the id of name's value wherever they differ (NULL name: NULL name_id),"
                        + " in keyset batches, \"timestamp\" kept",
                        "each batch one transaction with SET LOCAL lock_timeout and statement_timeout: ROW EXCLUSIVE"
                                + " on namelog and name, row locks on that batch only; VACUUM as --vacuum-every says",
                        "then sweep the rows still missing it until none remain"),
                List.of("the verification, when it changed rows")));
        t.put(Move.VERIFY, new Transition(Move.VERIFY,
                List.of(verifiableSchema(), fleetWritesNameId("verify"),
                        textAuthoritative("verify would compare name_id with stale text")),
                List.of("hold the migration lock; check every row both ways: name IS NULL exactly when name_id IS"
                        + " NULL, else name equals the value of name_id; no duplicate in table name",
                        "record the epoch and the name table it checked (the verification is trusted only while"
                                + " both are unchanged)"),
                List.of()));
        t.put(Move.VALIDATE, new Transition(Move.VALIDATE,
                List.of(schemaExpanded("validate"), fleetAtLeastDualWrite(), everyInstanceWritesNameId(),
                        rowsHaveNameId()),
                List.of("VALIDATE the foreign key; where namelog.name was NOT NULL, make name_id NOT NULL (CHECK NOT"
                        + " VALID, VALIDATE, SET NOT NULL); make namelog.name nullable"),
                List.of()));
        t.put(Move.CONTRACT, new Transition(Move.CONTRACT,
                List.of(foreignKeyValidated(), fleetAt(Phase.CONTRACTED, "contract needs CONTRACTED, where no"
                        + " instance mentions namelog.name any more (namelog-migrate advance --to CONTRACTED)"),
                        everyInstanceOn(Phase.CONTRACTED, "every instance must be on CONTRACTED before the contract"),
                        noTriggerReadsName(), confirmed()),
                List.of("DROP COLUMN namelog.name (the text is not read: it stopped being authoritative at NEW_ONLY)"),
                List.of("every way back: there is none after this")));
        List<Precondition> reverseBackfill = List.of(nameColumnPresent(), fleetAt(Phase.READ_NEW, "the reverse"
                        + " backfill runs at READ_NEW, where name_id is what every instance reads and both columns are"
                        + " written: move the fleet to READ_NEW first"),
                everyInstanceOn(Phase.READ_NEW, "the reverse backfill needs every instance on READ_NEW (writing both"
                        + " columns)"));
        t.put(Move.REVERSE_BACKFILL, new Transition(Move.REVERSE_BACKFILL, reverseBackfill,
                List.of("set name to the value of name_id wherever they differ (name_id NULL: name NULL), in keyset"
                        + " batches, \"timestamp\" kept",
                        "then the text is authoritative again (recorded only if the fleet is still at READ_NEW in"
                                + " the same epoch)"),
                List.of("the verification (it changed rows)")));
        t.put(Move.ROLLBACK_VALIDATE, new Transition(Move.ROLLBACK_VALIDATE,
                List.of(fleetAtMost(Phase.READ_NEW, "move it back to READ_NEW first (NEW_ONLY writers leave name"
                        + " NULL, so the reverse backfill could not finish)"), reverseBackfillOrAuthoritativeText(reverseBackfill)),
                List.of("at READ_NEW: the reverse backfill (its own row)",
                        "restore NOT NULL on namelog.name where it was; make name_id nullable; the foreign key NOT"
                                + " VALID again"),
                List.of("the verification")));
        t.put(Move.ROLLBACK_EXPAND, new Transition(Move.ROLLBACK_EXPAND,
                List.of(fleetAt(Phase.LEGACY, "move it back to LEGACY first (its writers use name and name_id)"),
                        everyInstanceOn(Phase.LEGACY, "rollback drops name_id, which this instance still writes"),
                        textAuthoritative("dropping name_id would lose the names only it holds")),
                List.of("drop the foreign key, the index, namelog.name_id and table name (each skipped when absent)"),
                List.of("the verification, the backfill checkpoints and the instances' name caches (the name table"
                        + " is dropped: a new one is another table)")));
        return t;
    }

    /** A phase move: the fleet's own preconditions first, then the move's. */
    private static Transition phaseMove(Move move, List<Precondition> own, List<String> actions,
            List<String> invalidates) {
        PhaseMove phases = move.phaseMove().orElseThrow();
        List<Precondition> all = new ArrayList<>();
        all.add(someInstanceHeartbeats());
        all.add(fleetTogether(phases.from(), phases.to()));
        all.add(noStaleInstance());
        all.addAll(own);
        List<String> doing = new ArrayList<>();
        doing.add("set the phase to " + phases.to() + " and add one to the epoch, in one transaction holding the"
                + " phase row; notify namelog_phase");
        doing.addAll(actions);
        doing.add("wait until every live instance reports " + phases.to() + " (a stale one never counts as"
                + " switched); on a timeout (exit 9) the phase stays set");
        return new Transition(move, all, doing, invalidates);
    }

    // ---------------------------------------------------------------------------------------------
    // Preconditions of the fleet

    private static Precondition someInstanceHeartbeats() {
        return new Precondition("some-instance-heartbeats",
                "some instance heartbeats, or the operator passes --no-instances-expected",
                f -> !f.liveInstances().isEmpty() || f.has(OperatorOption.NO_INSTANCES_EXPECTED) ? List.of()
                        : List.of("no instance heartbeats, so nothing would confirm the switch: start the services"
                                + " against this database (namelog-migrate instances lists them), or pass"
                                + " --no-instances-expected if none runs"));
    }

    private static Precondition fleetTogether(Phase from, Phase to) {
        return new Precondition("fleet-together", "every live instance is on " + from + " or " + to,
                f -> f.liveInstances().stream().filter(i -> !i.isOn(from) && !i.isOn(to))
                        .map(i -> i.describe() + ": the fleet must be on " + from + " or " + to + " before the move;"
                                + " wait for it, stop it, or let its heartbeat age past its lease")
                        .toList());
    }

    private static Precondition noStaleInstance() {
        return new Precondition("no-stale-instance", "no live instance is stale (each can read the phase)",
                f -> f.liveInstances().stream().filter(FleetInstance::stale)
                        .map(i -> i.describe() + ": it cannot read the phase, so it would not follow; restore its"
                                + " database access or stop it")
                        .toList());
    }

    private static Precondition everyInstanceOn(Phase phase, String why) {
        return new Precondition("every-instance-on-" + phase.name().toLowerCase().replace('_', '-'),
                "every live instance is on " + phase + " and not stale",
                f -> f.liveInstances().stream().filter(i -> i.stale() || !i.isOn(phase))
                        .map(i -> i.describe() + ": " + why).toList());
    }

    private static Precondition everyInstanceReadsThroughNameId() {
        return new Precondition("every-instance-reads-name-id", "no live instance pins its reads to the text",
                f -> f.liveInstances().stream().filter(i -> !ReadPath.NEW.name().equals(i.readPath()))
                        .map(i -> i.describe() + ": NEW_ONLY leaves the text empty, so every instance must read"
                                + " through name_id first; remove its read pin (NAMELOG_READ_PIN) and restart it")
                        .toList());
    }

    private static Precondition everyInstanceWritesNameId() {
        return new Precondition("every-instance-writes-name-id",
                "every live instance writes name_id (DUAL or NEW) and is not stale",
                f -> f.liveInstances().stream().filter(i -> i.stale() || !writesNameId(i))
                        .map(i -> i.describe() + ": it may write rows without name_id; wait until it follows"
                                + " DUAL_WRITE, or stop it")
                        .toList());
    }

    private static boolean writesNameId(FleetInstance instance) {
        try {
            return WritePath.valueOf(instance.writePath()).writesNameId();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static Precondition fleetAt(Phase phase, String what) {
        return new Precondition("fleet-at-" + phase.name().toLowerCase().replace('_', '-'),
                "fleet at " + phase,
                f -> f.phase() == phase ? List.of() : List.of("the fleet is at " + f.phase() + ": " + what));
    }

    private static Precondition fleetAtMost(Phase phase, String what) {
        return new Precondition("fleet-at-most-" + phase.name().toLowerCase().replace('_', '-'),
                "fleet at " + phase + " or earlier",
                f -> f.phase().compareTo(phase) <= 0 ? List.of() : List.of("the fleet is at " + f.phase() + ": " + what));
    }

    private static Precondition fleetAtLeastDualWrite() {
        return new Precondition("fleet-at-least-dual-write", "fleet at DUAL_WRITE or later",
                f -> f.phase().compareTo(Phase.DUAL_WRITE) >= 0 ? List.of()
                        : List.of("the fleet is at " + f.phase() + ": validate needs DUAL_WRITE or later (LEGACY"
                                + " writers add rows without name_id); move the fleet to DUAL_WRITE, backfill, then"
                                + " validate"));
    }

    /** DUAL_WRITE or READ_NEW, every live instance writing name_id: what backfill and verify need. */
    private static Precondition fleetWritesNameId(String command) {
        return new Precondition("fleet-writes-name-id",
                "fleet at DUAL_WRITE or READ_NEW, every live instance writing name_id (DUAL or NEW), none stale",
                f -> {
                    List<String> unmet = new ArrayList<>();
                    if (f.phase() == Phase.LEGACY) {
                        unmet.add("the fleet is at LEGACY, whose writers rename without name_id, so " + command
                                + " would chase them and its result would not hold: advance --to DUAL_WRITE first");
                    } else if (f.phase() != Phase.DUAL_WRITE && f.phase() != Phase.READ_NEW) {
                        unmet.add("the fleet is at " + f.phase() + ": " + command + " runs at DUAL_WRITE or READ_NEW"
                                + " (go back to READ_NEW first)");
                    }
                    f.liveInstances().stream().filter(i -> i.stale() || !writesNameId(i))
                            .map(i -> i.describe() + ": it may write rows without name_id; wait until it follows"
                                    + " DUAL_WRITE, or stop it")
                            .forEach(unmet::add);
                    return unmet;
                });
    }

    private static Precondition textAuthoritative(String why) {
        return new Precondition("text-authoritative",
                "the text is authoritative (the fleet has not been on NEW_ONLY since a reverse backfill last"
                        + " restored it)",
                f -> f.textAuthoritative() ? List.of()
                        : List.of("the text is not authoritative: the fleet was on NEW_ONLY since it was last"
                                + " restored, so renamed and new rows carry stale or no text and " + why
                                + "; run namelog-migrate rollback first (at READ_NEW, its reverse backfill makes name"
                                + " equal the value of name_id)"));
    }

    private static Precondition reverseBackfillOrAuthoritativeText(List<Precondition> reverseBackfill) {
        return new Precondition("reverse-backfill-possible",
                "at READ_NEW: the reverse backfill's preconditions; earlier: the text is authoritative",
                f -> {
                    if (f.phase() == Phase.READ_NEW) {
                        return reverseBackfill.stream().flatMap(p -> p.unmet(f).stream()).toList();
                    }
                    return f.textAuthoritative() ? List.of()
                            : List.of("the text is not authoritative and the fleet is at " + f.phase() + ", where the"
                                    + " reverse backfill cannot run: back --to READ_NEW, then rollback");
                });
    }

    // ---------------------------------------------------------------------------------------------
    // Preconditions of the schema and the data

    private static Precondition schemaExpanded(String command) {
        return new Precondition("schema-expanded", "the schema is EXPANDED or VALIDATED (expand ran)",
                f -> {
                    Stage stage = f.schema().stage();
                    if (stage == Stage.CONTRACTED) {
                        return List.of("the legacy column is dropped: there is nothing to " + command);
                    }
                    if (stage.ordinal() < Stage.EXPANDED.ordinal()) {
                        return List.of(command + " needs the expanded schema (it is " + stage
                                + "): run namelog-migrate expand first");
                    }
                    return List.of();
                });
    }

    private static Precondition notContracted(String message) {
        return new Precondition("not-contracted", "the legacy column namelog.name still exists",
                f -> f.schema().stage() == Stage.CONTRACTED ? List.of(message) : List.of());
    }

    private static Precondition legacyColumnPresent() {
        return new Precondition("legacy-column-present", "table namelog has its column name",
                f -> f.schema().stage() != Stage.CONTRACTED && f.schema().legacyName() == ColumnState.ABSENT
                        ? List.of("table namelog has no column name: is this the NameLog database?") : List.of());
    }

    private static Precondition nameColumnPresent() {
        return new Precondition("name-column-present", "namelog.name still exists (no contract yet)",
                f -> f.schema().legacyName() == ColumnState.ABSENT
                        ? List.of("namelog.name was dropped: there is no way back from the contract") : List.of());
    }

    private static Precondition nameNullable() {
        return new Precondition("name-nullable", "namelog.name is nullable (validate ran)",
                f -> f.schema().legacyName() == ColumnState.NULLABLE ? List.of()
                        : List.of("namelog.name is " + (f.schema().legacyName() == ColumnState.ABSENT ? "missing"
                                : "NOT NULL") + ": NEW_ONLY writes rows without it, make it nullable first"
                                + " (namelog-migrate validate, V7)"));
    }

    private static Precondition foreignKeyValidated() {
        return new Precondition("foreign-key-validated", "the foreign key namelog_name_id_fkey is validated",
                f -> f.schema().foreignKey() == ObjectState.VALID ? List.of()
                        : List.of("the foreign key is not validated: run namelog-migrate validate first"));
    }

    private static Precondition verifiableSchema() {
        return new Precondition("verifiable-schema", "table name, namelog.name_id and namelog.name exist",
                f -> {
                    SchemaState s = f.schema();
                    return s.nameTable() && s.nameId() != ColumnState.ABSENT && s.legacyName() != ColumnState.ABSENT
                            ? List.of()
                            : List.of("verify needs table name, namelog.name_id and namelog.name (schema is "
                                    + s.stage() + "): run expand and backfill first");
                });
    }

    private static Precondition verifiedInThisEpoch() {
        return new Precondition("verified-in-this-epoch",
                "a verify passed in the current epoch, on the current name table (verify at DUAL_WRITE;"
                        + " this advance is the next phase change)",
                f -> {
                    Optional<Stamp> taken = f.verification();
                    Stamp now = f.now();
                    if (taken.isEmpty()) {
                        return List.of("the backfill has not been verified since it last changed: run"
                                + " namelog-migrate backfill, then verify");
                    }
                    if (taken.get().nameOid() != now.nameOid()) {
                        return List.of("the last verify checked another name table (it was dropped and created"
                                + " since): run namelog-migrate backfill, then verify again");
                    }
                    if (taken.get().epoch() != now.epoch()) {
                        return List.of("the last verify was taken in epoch " + taken.get().epoch()
                                + " and the fleet changed phase since (epoch " + now.epoch() + "): it is not"
                                + " verified any more; run namelog-migrate backfill, then verify again");
                    }
                    return List.of();
                });
    }

    private static Precondition noTriggerReadsName() {
        return new Precondition("no-trigger-reads-name",
                "no trigger on namelog runs a function that mentions the column name",
                f -> f.triggersReadingName().stream()
                        .map(t -> "trigger " + t + " on namelog mentions the column name: after the contract it would"
                                + " fail every update of namelog; change the function (or drop the trigger) first")
                        .toList());
    }

    private static Precondition rowsHaveNameId() {
        return new Precondition("rows-have-name-id",
                "while the text is authoritative: no row has a name but no name_id (a scan)",
                f -> f.textAuthoritative() && f.rowsWithNameButNoNameId()
                        ? List.of("some rows have a name but no name_id: run namelog-migrate backfill (and verify)"
                                + " first")
                        : List.of());
    }

    private static Precondition confirmed() {
        return new Precondition("confirmed", "the operator passes --yes",
                f -> f.has(OperatorOption.YES) ? List.of()
                        : List.of("contract drops namelog.name and there is NO WAY BACK: run it again with --yes if"
                                + " you mean it"));
    }

}
