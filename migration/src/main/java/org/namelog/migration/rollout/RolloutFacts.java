package org.namelog.migration.rollout;

import java.util.List;
import java.util.Optional;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.state.Stamp;
import org.namelog.migration.step.SchemaState;

/**
 * What the rollout's rules read. An implementation may query on each call (and may cache within
 * one check); a rule asks only what it needs, so a scan of the table happens only where a rule
 * needs it.
 */
public interface RolloutFacts {

    /** The fleet's phase. */
    Phase phase();

    /** The current epoch and {@code name} table. */
    Stamp now();

    /** Whether {@code namelog.name} holds every entry's name (see the README's runbook). */
    boolean textAuthoritative();

    /** The live instances (stale ones included: a rule decides what a stale instance means). */
    List<FleetInstance> liveInstances();

    /** The schema as the catalogs show it. */
    SchemaState schema();

    /** What the last passing verify was taken under, if one passed. */
    Optional<Stamp> verification();


    /** Whether some row has a name but no name_id (a scan that stops at the first hit). */
    boolean rowsWithNameButNoNameId();

    /** Whether the operator gave {@code option} on this command line. */
    boolean has(OperatorOption option);

    /** The options of the command line that a rule may depend on. */
    enum OperatorOption {
        /** {@code --no-instances-expected}: move the fleet although no instance heartbeats. */
        NO_INSTANCES_EXPECTED("--no-instances-expected"),
        /** {@code --from-start}: the backfill forgets its checkpoint. */
        FROM_START("--from-start"),
        /** {@code --yes}: the contract is confirmed. */
        YES("--yes");

        private final String flag;

        OperatorOption(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    /**
     * The team's triggers on namelog whose function mentions the column name (they would fail every
     * update once it is dropped); empty where the tool cannot look (its own unit tests).
     */
    default List<String> triggersReadingName() {
        return List.of();
    }
}
