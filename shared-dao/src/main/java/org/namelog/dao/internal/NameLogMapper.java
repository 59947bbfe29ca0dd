package org.namelog.dao.internal;

import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.namelog.dao.NameLogEntry;

/**
 * Every statement the DAO runs; the SQL is in {@code NameLogMapper.xml} beside this file.
 *
 * <p>Reads take a {@link ReadSource} that picks the name expression. Writes that resolve a name
 * take {@code writeText}: whether the legacy {@code name} column is written too.
 */
public interface NameLogMapper {

    // ---- reads

    NameLogEntry selectById(@Param("source") ReadSource source, @Param("id") long id);

    List<NameLogEntry> selectPage(
            @Param("source") ReadSource source, @Param("afterId") long afterId, @Param("limit") int limit);

    List<NameLogEntry> selectByName(
            @Param("source") ReadSource source,
            @Param("name") String name,
            @Param("afterId") long afterId,
            @Param("limit") int limit);

    List<StatusCount> countByStatus();

    // ---- writes

    long insertLegacy(@Param("name") String name, @Param("status") int status);

    /** Insert with an already known name id ({@code null} for a null name). */
    long insertWithNameId(
            @Param("name") String name,
            @Param("nameId") Long nameId,
            @Param("status") int status,
            @Param("writeText") boolean writeText);

    /** Looks up or inserts the Name row and inserts the entry, in one statement. */
    WrittenRow insertResolvingName(
            @Param("name") String name, @Param("status") int status, @Param("writeText") boolean writeText);

    int updateStatus(@Param("id") long id, @Param("status") int status);

    int renameLegacy(@Param("id") long id, @Param("name") String name);

    int renameWithNameId(
            @Param("id") long id,
            @Param("name") String name,
            @Param("nameId") Long nameId,
            @Param("writeText") boolean writeText,
            @Param("clearText") boolean clearText);

    /** Looks up or inserts the Name row and renames the entry, in one statement; null if no such entry. */
    WrittenRow renameResolvingName(
            @Param("id") long id,
            @Param("name") String name,
            @Param("writeText") boolean writeText,
            @Param("clearText") boolean clearText);
}
