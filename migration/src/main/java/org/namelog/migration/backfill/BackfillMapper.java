package org.namelog.migration.backfill;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The backfill's statements (see {@code BackfillMapper.xml}). */
public interface BackfillMapper {

    String setSession(@Param("name") String name, @Param("value") String value);

    String setLocal(@Param("name") String name, @Param("value") String value);

    IdRange idBounds();

    Long nextId(@Param("after") long after);

    long insertNamesInRange(@Param("after") long after, @Param("upper") long upper);

    int insertNamesForIds(@Param("ids") Long[] ids);

    Long forwardBatch(@Param("slice") int slice, @Param("after") long after, @Param("upper") long upper);

    Long reverseBatch(@Param("slice") int slice, @Param("after") long after, @Param("upper") long upper);

    List<Long> idsToSweep(@Param("direction") String direction, @Param("after") long after, @Param("limit") int limit);

    Long sweepBatch(@Param("direction") String direction, @Param("ids") Long[] ids);

    List<Slice> slices(@Param("direction") String direction);

    int deleteSlices(@Param("direction") String direction);

    int insertSlice(@Param("direction") String direction, @Param("slice") int slice, @Param("firstId") long firstId,
            @Param("endId") long endId, @Param("lastId") long lastId, @Param("epoch") long epoch,
            @Param("nameTable") long nameTable);

    int shortenSlice(@Param("direction") String direction, @Param("slice") int slice, @Param("endId") long endId);

    int markFinished(@Param("direction") String direction);

    long fleetEpoch();

    long nameTableOid();

    Boolean paused();

    boolean seesReplicationDetails();

    List<ReplicaLag.Lag> replicaLag();

    List<UserTrigger> userTriggers();

    List<String> nameTableTriggers();

    List<String> rulesInTheWay();

    int backendPid();

    int writersBesides(@Param("pids") Integer[] pids);

    String guardFunctionComment();

    boolean guardTriggerExists();

    void createGuardFunction();

    void commentGuardFunction();

    void createGuardTrigger();

    void dropGuardTrigger();

    void dropGuardFunction();

    List<Long> orphanNameIds(@Param("limit") int limit);

    /** Used by {@code status}. */
    long countMissingNameId();

    long countRows();

}
