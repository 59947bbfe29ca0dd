package org.namelog.migration.state;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** SQL of the tool's own state tables and the fleet phase (see {@code StateMapper.xml}). */
public interface StateMapper {

    String phase();

    PhaseRow phaseRow();

    Stamp stamp();

    int markTextAuthoritative(@Param("epoch") long epoch);

    StepRow step();

    int setStep(@Param("step") String step);

    int setLegacyNameNotNull(@Param("notNull") boolean notNull);

    int markVerified(@Param("by") String by, @Param("epoch") long epoch, @Param("nameOid") long nameOid);

    int clearVerified();

    int insertHistory(@Param("command") String command, @Param("action") String action,
            @Param("outcome") String outcome, @Param("detail") String detail, @Param("operator") String operator);

    HistoryRow lastHistory();

    List<HistoryRow> recentHistory(@Param("limit") int limit);

    Boolean paused();

    int setPaused(@Param("paused") boolean paused);

    Long tryAdvisoryLock(@Param("key") long key);

    Boolean advisoryUnlock(@Param("key") long key);

    List<LockHolder> advisoryLockHolders(@Param("key") long key);

    CheckpointRow checkpoint(@Param("direction") String direction);

    int createCheckpoint(@Param("direction") String direction);

    int deleteCheckpoint(@Param("direction") String direction);
}
