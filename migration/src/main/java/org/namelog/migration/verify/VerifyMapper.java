package org.namelog.migration.verify;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The checks of {@code verify} (see {@code VerifyMapper.xml}). */
public interface VerifyMapper {

    Long upperBound(@Param("after") long after, @Param("offset") int offset);

    Long maxIdAfter(@Param("after") long after);

    List<Mismatch> mismatchesInRange(@Param("after") long after, @Param("upper") long upper, @Param("limit") int limit);

    long countMismatchesInRange(@Param("after") long after, @Param("upper") long upper);

    List<Mismatch> duplicateNames(@Param("limit") int limit);
}
