package org.namelog.migration.backfill;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The backfill's statements (see {@code BackfillMapper.xml}); each batch runs them in one transaction. */
public interface BackfillMapper {

    /** {@code SET LOCAL name = value}, with bind parameters. */
    String setLocal(@Param("name") String name, @Param("value") String value);

    /** The id {@code offset} rows after {@code after} (keyset), or null when fewer rows remain. */
    Long upperBound(@Param("after") long after, @Param("offset") int offset);

    Long maxId();

    int insertNamesInRange(@Param("after") long after, @Param("upper") long upper);

    int updateNameIdsInRange(@Param("after") long after, @Param("upper") long upper);

    int updateNamesInRange(@Param("after") long after, @Param("upper") long upper);

    List<Long> idsMissingNameId(@Param("after") long after, @Param("limit") int limit);

    List<Long> idsMissingName(@Param("after") long after, @Param("limit") int limit);

    int insertNamesForIds(@Param("ids") Long[] ids);

    int updateNameIdsForIds(@Param("ids") Long[] ids);

    int updateNamesForIds(@Param("ids") Long[] ids);

    int advanceCheckpoint(@Param("direction") String direction, @Param("lastId") long lastId, @Param("rows") long rows);

    int markKeysetDone(@Param("direction") String direction);

    int markFinished(@Param("direction") String direction);

    Long replicaLagMillis();

    long countMissingNameId();

    void vacuum();
}
