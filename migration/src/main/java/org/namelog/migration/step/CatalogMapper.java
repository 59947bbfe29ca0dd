package org.namelog.migration.step;

import org.apache.ibatis.annotations.Param;

/** What the system catalogs say about the NameLog schema (see {@code CatalogMapper.xml}). */
public interface CatalogMapper {

    boolean relationExists(@Param("name") String name);

    boolean functionExists(@Param("signature") String signature);

    /** NULL when the column does not exist. */
    Boolean columnNotNull(@Param("table") String table, @Param("column") String column);

    /** NULL when the index does not exist. */
    Boolean indexValid(@Param("name") String name);

    /** NULL when the constraint does not exist. */
    Boolean constraintValidated(@Param("table") String table, @Param("name") String name);

    boolean rowsMissingNameId();

    java.util.List<String> triggersReadingName();

    String functionSource(@Param("name") String name);

    int serverVersionNum();
}
