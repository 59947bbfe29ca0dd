package org.namelog.dao.fleet;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The coordination statements; SQL in FleetMapper.xml beside this file. */
interface FleetMapper {

    boolean phaseTableExists();

    String selectPhase();

    /** The phase row with the name table's identity; fails (42P01) when the phase table is missing. */
    PhaseReading selectPhaseReading();

    String selectPhaseForUpdate();

    int updatePhase(@Param("phase") String phase);

    void notifyPhase(@Param("phase") String phase);

    int upsertInstance(@Param("identity") InstanceIdentity identity, @Param("phase") String phase,
            @Param("readPath") String readPath, @Param("writePath") String writePath,
            @Param("stale") boolean stale, @Param("startedAt") OffsetDateTime startedAt,
            @Param("leaseMillis") long leaseMillis);

    int deleteInstance(@Param("instanceId") String instanceId);

    List<FleetInstance> selectInstances(@Param("ttlMillis") long ttlMillis);

    /** {@code null} when the legacy column no longer exists. */
    Boolean nameColumnNullable();
}
