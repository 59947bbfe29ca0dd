package org.namelog.migration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "instances", description = "Lists the fleet: every instance's service, host, phase, paths and last heartbeat.")
final class InstancesCommand extends DatabaseCommand {

    @Mixin
    FleetOptions options;

    @Override
    String name() {
        return "instances";
    }

    @Override
    boolean changesSchemaOrData() {
        return false;
    }

    @Override
    int execute(RunContext run) {
        var gate = FleetGate.open(run, options);
        run.out.println("phase (fleet): " + gate.currentPhase() + " (epoch " + run.state.phaseRow().epoch() + ")");
        FleetGate.printInstances(run, gate.instances());
        return ExitCode.OK;
    }
}
