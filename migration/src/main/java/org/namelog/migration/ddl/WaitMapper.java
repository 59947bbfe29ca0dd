package org.namelog.migration.ddl;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** What a CONCURRENTLY statement waits for, read from another session (see {@code WaitMapper.xml}). */
public interface WaitMapper {

    /** NULL when the session has ended. */
    StatementWait statementWait(@Param("pid") int pid);

    List<Blocker> blockers(@Param("pid") int pid);

    int backendPid();

    String waitWithoutTimeouts();
}
