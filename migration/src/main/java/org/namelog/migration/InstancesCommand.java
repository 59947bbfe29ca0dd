package org.namelog.migration;

import java.util.List;
import java.util.Map;
import org.namelog.dao.fleet.FleetInstance;
import org.namelog.migration.output.Json;
import org.namelog.migration.output.OutputOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "instances", description = "Lists the fleet: every instance's service, host, phase, paths and last heartbeat.")
final class InstancesCommand extends DatabaseCommand {

    @Mixin
    FleetOptions options;

    @Mixin
    OutputOption output;

    @Override
    boolean jsonOutput() {
        return output.json();
    }

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
        var fleet = run.state.phaseRow();
        List<FleetInstance> instances = gate.instances();
        if (output.json()) {
            Map<String, Object> doc = Json.document();
            doc.put("phase", fleet.phase());
            doc.put("epoch", fleet.epoch());
            doc.put("instances", instances.stream().map(InstancesCommand::instance).toList());
            Json.print(root.out, doc);
            return ExitCode.OK;
        }
        run.out.println("phase (fleet): " + fleet.phase() + " (epoch " + fleet.epoch() + ")");
        FleetGate.printInstances(run, instances);
        return ExitCode.OK;
    }

    /** {@code {"instanceId", "service", "host", "phase", "readPath", "writePath", "stale", "live", "startedAt", "lastSeen"}} */
    private static Map<String, Object> instance(FleetInstance i) {
        Map<String, Object> o = Json.object();
        o.put("instanceId", i.instanceId());
        o.put("service", i.service());
        o.put("host", i.host());
        o.put("phase", i.phase());
        o.put("readPath", i.readPath());
        o.put("writePath", i.writePath());
        o.put("stale", i.stale());
        o.put("live", i.live());
        o.put("startedAt", Json.time(i.startedAt()));
        o.put("lastSeen", Json.time(i.lastSeen()));
        return o;
    }
}
