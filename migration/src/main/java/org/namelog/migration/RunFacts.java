package org.namelog.migration;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.dao.fleet.FleetView;
import org.namelog.dao.fleet.PhaseGate;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.rollout.RolloutFacts;
import org.namelog.migration.state.PhaseRow;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.step.Catalog.ColumnState;
import org.namelog.migration.step.SchemaState;

/**
 * The rollout's facts as one command run sees them. Each fact is read at most once per instance
 * (make a new one for each check). Inside a phase move, the fleet (phase, epoch, text authority,
 * live instances) is the one the gate sees under its lock.
 */
final class RunFacts implements RolloutFacts {

    private final RunContext run;
    private final PhaseGate gate;
    private final FleetView fleet;
    private final Set<OperatorOption> options;
    private PhaseRow phaseRow;
    private Long nameOid;
    private List<FleetInstance> live;
    private SchemaState schema;
    private Boolean rowsWithNameButNoNameId;

    private RunFacts(RunContext run, PhaseGate gate, FleetView fleet, Set<OperatorOption> options) {
        this.run = run;
        this.gate = gate;
        this.fleet = fleet;
        this.options = options.isEmpty() ? EnumSet.noneOf(OperatorOption.class) : EnumSet.copyOf(options);
    }

    /** The facts of a command, the fleet read through {@code gate}. */
    static RunFacts of(RunContext run, PhaseGate gate, OperatorOption... options) {
        return new RunFacts(run, gate, null, Set.of(options));
    }

    /** The facts of a phase move, the fleet as the gate sees it under its lock. */
    static RunFacts during(RunContext run, FleetView fleet, Set<OperatorOption> options) {
        return new RunFacts(run, null, fleet, options);
    }

    @Override
    public Phase phase() {
        return fleet != null ? fleet.phase() : parsePhase(phaseRow().phase());
    }

    @Override
    public Stamp now() {
        if (nameOid == null) {
            nameOid = run.state.stamp().nameOid();
        }
        return new Stamp(fleet != null ? fleet.epoch() : phaseRow().epoch(), nameOid);
    }

    @Override
    public boolean textAuthoritative() {
        return fleet != null ? fleet.textAuthoritative() : phaseRow().textAuthoritative();
    }

    @Override
    public List<FleetInstance> liveInstances() {
        if (fleet != null) {
            return fleet.live();
        }
        if (live == null) {
            live = gate.instances().stream().filter(FleetInstance::live).toList();
        }
        return live;
    }

    @Override
    public SchemaState schema() {
        if (schema == null) {
            schema = run.schema();
        }
        return schema;
    }

    @Override
    public Optional<Stamp> verification() {
        return run.state.step().verification();
    }

    @Override
    public List<String> triggersReadingName() {
        return schema().legacyName() == ColumnState.ABSENT ? List.of() : run.catalog.triggersReadingName();
    }

    @Override
    public boolean rowsWithNameButNoNameId() {
        if (rowsWithNameButNoNameId == null) {
            // before expand (or after contract) there is no such column pair to scan: the schema's own
            // precondition refuses the move, and a scan here would fail with SQL instead
            SchemaState s = schema();
            rowsWithNameButNoNameId = s.nameId() != ColumnState.ABSENT && s.legacyName() != ColumnState.ABSENT
                    && run.catalog.rowsMissingNameId();
        }
        return rowsWithNameButNoNameId;
    }

    @Override
    public boolean has(OperatorOption option) {
        return options.contains(option);
    }

    private PhaseRow phaseRow() {
        if (phaseRow == null) {
            phaseRow = run.state.phaseRow();
        }
        return phaseRow;
    }

    private static Phase parsePhase(String phase) {
        try {
            return Phase.valueOf(phase);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw MigrationException.prerequisite("namelog_migration_phase holds '" + phase
                    + "', which is no phase: fix that row first");
        }
    }
}
