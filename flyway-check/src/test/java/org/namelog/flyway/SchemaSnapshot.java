package org.namelog.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A database's schema as the catalogs describe it, one sorted list of lines per kind of object:
 * relations, columns (type, nullability, default, identity), indexes (definition, validity),
 * constraints (definition, validation state), functions (signature, attributes, body), triggers
 * (definition, enabled) and sequences. Generic: it names no object of the NameLog schema, so
 * it keeps up with any change to the versioned files. Flyway's own history table is left out.
 */
record SchemaSnapshot(Map<String, List<String>> objects) {

    private static final String USER_SCHEMAS = " n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    private static final String NOT_FLYWAY = " <> 'flyway_schema_history'";

    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("relations", """
                SELECT n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' persistence=' || c.relpersistence::text
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relname""" + NOT_FLYWAY + " AND" + USER_SCHEMAS);
        QUERIES.put("columns", """
                SELECT n.nspname || '.' || c.relname || '.' || a.attname
                    || ' position=' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)
                    || ' type=' || format_type(a.atttypid, a.atttypmod)
                    || ' not_null=' || a.attnotnull
                    || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
                    || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                    || ' collation=' || coalesce(co.collname, '-')
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
                WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND c.relname""" + NOT_FLYWAY + " AND" + USER_SCHEMAS);
        QUERIES.put("indexes", """
                SELECT pg_get_indexdef(i.indexrelid)
                    || ' valid=' || i.indisvalid || ' ready=' || i.indisready || ' live=' || i.indislive
                FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE t.relname""" + NOT_FLYWAY + " AND" + USER_SCHEMAS);
        QUERIES.put("constraints", """
                SELECT n.nspname || '.' || coalesce(t.relname, '-') || ' ' || con.conname || ' type=' || con.contype::text
                    || ' ' || pg_get_constraintdef(con.oid)
                    || ' validated=' || con.convalidated || ' deferrable=' || con.condeferrable
                FROM pg_constraint con
                JOIN pg_namespace n ON n.oid = con.connamespace
                LEFT JOIN pg_class t ON t.oid = con.conrelid
                WHERE coalesce(t.relname, '-')""" + NOT_FLYWAY + " AND" + USER_SCHEMAS);
        QUERIES.put("functions", """
                SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                    || ' returns ' || pg_get_function_result(p.oid)
                    || ' kind=' || p.prokind::text || ' volatility=' || p.provolatile::text || ' strict=' || p.proisstrict
                    || ' parallel=' || p.proparallel::text || ' security_definer=' || p.prosecdef
                    || ' language=' || l.lanname || ' config=' || coalesce(array_to_string(p.proconfig, ','), '-')
                    || ' body=' || p.prosrc
                FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                JOIN pg_language l ON l.oid = p.prolang
                WHERE""" + USER_SCHEMAS);
        QUERIES.put("triggers", """
                SELECT pg_get_triggerdef(tg.oid) || ' enabled=' || tg.tgenabled::text
                FROM pg_trigger tg
                JOIN pg_class t ON t.oid = tg.tgrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE NOT tg.tgisinternal AND t.relname""" + NOT_FLYWAY + " AND" + USER_SCHEMAS);
        QUERIES.put("sequences", """
                SELECT n.nspname || '.' || c.relname || ' type=' || format_type(s.seqtypid, NULL)
                    || ' start=' || s.seqstart || ' increment=' || s.seqincrement
                    || ' min=' || s.seqmin || ' max=' || s.seqmax || ' cycle=' || s.seqcycle
                FROM pg_sequence s
                JOIN pg_class c ON c.oid = s.seqrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE""" + USER_SCHEMAS);
    }

    static SchemaSnapshot of(Connection connection) throws SQLException {
        Map<String, List<String>> objects = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            List<String> lines = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query.getValue())) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            Collections.sort(lines);
            objects.put(query.getKey(), List.copyOf(lines));
        }
        return new SchemaSnapshot(Collections.unmodifiableMap(objects));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        objects.forEach((kind, lines) -> {
            out.append(kind).append(":\n");
            lines.forEach(line -> out.append("  ").append(line).append('\n'));
        });
        return out.toString();
    }
}
