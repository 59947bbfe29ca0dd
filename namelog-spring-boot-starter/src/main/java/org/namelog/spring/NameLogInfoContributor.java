package org.namelog.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.namelog.dao.fleet.FlagState;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** {@code namelog} in {@code /actuator/info}: who this instance is in the fleet and what it follows. */
public class NameLogInfoContributor implements InfoContributor {

    private final FleetMembership fleet;

    public NameLogInfoContributor(FleetMembership fleet) {
        this.fleet = fleet;
    }

    @Override
    public void contribute(Info.Builder builder) {
        FlagState state = fleet.state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("service", fleet.identity().service());
        details.put("instanceId", fleet.identity().instanceId());
        details.put("host", fleet.identity().host());
        details.put("phase", state.phase().name());
        details.put("readPath", state.paths().read().name());
        details.put("writePath", state.paths().write().name());
        details.put("readPin", fleet.config().readPinSource() != null ? "from NameLogReadPinSource"
                : fleet.config().readPin().name());
        details.put("pollInterval", fleet.config().pollInterval().toString());
        builder.withDetail("namelog", details);
    }
}
