package org.namelog.migration.step;

import java.sql.Connection;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.state.MyBatis;

/** Reads the live schema of NameLog from the catalogs; the steps decide from it what is done. */
public final class Catalog {

    public static final String NAME_ID_INDEX = "namelog_name_id_idx";
    public static final String NAME_ID_FKEY = "namelog_name_id_fkey";
    public static final String NAME_ID_NOT_NULL_CHECK = "namelog_name_id_not_null";
    public static final String NAME_NOT_NULL_CHECK = "namelog_name_not_null";

    private final Connection connection;

    public Catalog(Connection connection) {
        this.connection = connection;
    }

    public SchemaState schemaState() {
        return call(m -> new SchemaState(
                m.relationExists("name") && m.functionExists("name_value_digest(text)"),
                ColumnState.of(m.columnNotNull("namelog", "name_id")),
                ObjectState.of(m.indexValid(NAME_ID_INDEX)),
                ObjectState.of(m.constraintValidated("namelog", NAME_ID_FKEY)),
                ColumnState.of(m.columnNotNull("namelog", "name")),
                ObjectState.of(m.constraintValidated("namelog", NAME_ID_NOT_NULL_CHECK)),
                ObjectState.of(m.constraintValidated("namelog", NAME_NOT_NULL_CHECK))));
    }

    public ObjectState constraint(String name) {
        return call(m -> ObjectState.of(m.constraintValidated("namelog", name)));
    }

    public boolean rowsMissingNameId() {
        return call(CatalogMapper::rowsMissingNameId);
    }

    /** The team's triggers on namelog whose function mentions the column name, as "trigger (function f)". */
    public java.util.List<String> triggersReadingName() {
        return call(CatalogMapper::triggersReadingName);
    }

    public String functionSource(String signature) {
        return call(m -> m.functionSource(signature));
    }

    public int serverVersionNum() {
        return call(CatalogMapper::serverVersionNum);
    }

    private <T> T call(Function<CatalogMapper, T> work) {
        try (SqlSession session = MyBatis.on(connection)) {
            return work.apply(session.getMapper(CatalogMapper.class));
        }
    }

    /** A column: absent, nullable or NOT NULL. */
    public enum ColumnState {
        ABSENT, NULLABLE, NOT_NULL;

        static ColumnState of(Boolean notNull) {
            return notNull == null ? ABSENT : notNull ? NOT_NULL : NULLABLE;
        }
    }

    /** An index (valid = usable) or a constraint (valid = validated). */
    public enum ObjectState {
        ABSENT, INVALID, VALID;

        static ObjectState of(Boolean valid) {
            return valid == null ? ABSENT : valid ? VALID : INVALID;
        }
    }
}
