package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.testing.TestDatabase;

/**
 * Every DAO operation, in every mode, against a real PostgreSQL: one database expanded (V2-V5),
 * where LEGACY to NEW_ONLY run, and one contracted, where CONTRACTED runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NameLogDaoIT {

    /** Names that must stay distinct and come back byte for byte. */
    static final Map<String, String> EDGE_NAMES = edgeNames();

    private TestDatabase expanded;
    private TestDatabase contracted;
    private final Map<Mode, NameLogDao> daos = new EnumMap<>(Mode.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    void databases() {
        expanded = TestDatabase.createLegacy("dao_expanded");
        expanded.expand();
        contracted = TestDatabase.createLegacy("dao_contracted");
        contracted.expandAndContract();
        for (Mode mode : Mode.values()) {
            TestDatabase db = mode.contracted() ? contracted : expanded;
            daos.put(mode, NameLogDao.create(db.dataSource(), new StaticFlagSource(mode.paths), registry,
                    DaoConfig.defaults()));
        }
    }

    @AfterAll
    void dropDatabases() {
        expanded.close();
        contracted.close();
    }

    private static Map<String, String> edgeNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("plain", "Alice");
        names.put("lower case", "alice");
        names.put("upper case", "ALICE");
        names.put("leading space", " Alice");
        names.put("trailing space", "Alice ");
        names.put("inner double space", "Al  ice");
        names.put("empty", "");
        names.put("NFC", Normalizer.normalize("Zoë", Normalizer.Form.NFC));
        names.put("NFD", Normalizer.normalize("Zoë", Normalizer.Form.NFD));
        names.put("emoji and CJK", "名前 \uD83D\uDE00");
        names.put("quotes and backslashes", "O'Brien \"\\x00\" %_");
        names.put("3 kB (above the btree limit)", "x".repeat(3_000));
        names.put("3 kB differing in the last char", "x".repeat(2_999) + "y");
        names.put("1 MB", "m".repeat(1 << 20));
        return names;
    }

    private NameLogDao dao(Mode mode) {
        return daos.get(mode);
    }

    private TestDatabase db(Mode mode) {
        return mode.contracted() ? contracted : expanded;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void insertThenFindByIdReturnsWhatWasWritten(Mode mode) {
        long id = dao(mode).insert("Grace Hopper", 7);

        Optional<NameLogEntry> entry = dao(mode).findById(id);

        assertThat(entry).hasValueSatisfying(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.name()).isEqualTo("Grace Hopper");
            assertThat(e.status()).isEqualTo(7);
            assertThat(e.timestamp()).isNotNull();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void edgeCaseNamesRoundTripExactlyAndStayDistinct(Mode mode) {
        Map<String, Long> ids = new LinkedHashMap<>();
        EDGE_NAMES.forEach((label, name) -> ids.put(label, dao(mode).insert(name, 1)));

        EDGE_NAMES.forEach((label, name) -> {
            long id = ids.get(label);
            assertThat(dao(mode).findById(id)).as(label).map(NameLogEntry::name).hasValue(name);
            List<NameLogEntry> byName = dao(mode).findByName(name, id - 1, 10);
            assertThat(byName).as(label + " by name").extracting(NameLogEntry::id).contains(id);
            assertThat(byName).as(label + " by name returns only that name")
                    .allSatisfy(e -> assertThat(e.name()).isEqualTo(name));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nullNameStaysNull(Mode mode) {
        long id = dao(mode).insert(null, 3);

        assertThat(dao(mode).findById(id)).hasValueSatisfying(e -> assertThat(e.name()).isNull());
        assertThat(dao(mode).list(id - 1, 1)).singleElement().satisfies(e -> assertThat(e.name()).isNull());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nameWithNulIsRejectedAndNothingIsWritten(Mode mode) {
        long before = db(mode).queryLong("SELECT count(*) FROM namelog");
        long id = dao(mode).insert("valid", 1);

        assertThatThrownBy(() -> dao(mode).insert("bad\u0000name", 1))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("NUL character")
                .hasMessageContaining("index 3");
        assertThatThrownBy(() -> dao(mode).rename(id, "\uD800 lone surrogate"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("unpaired");

        assertThat(db(mode).queryLong("SELECT count(*) FROM namelog")).isEqualTo(before + 1);
        assertThat(dao(mode).findById(id)).map(NameLogEntry::name).hasValue("valid");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void updateStatusAndRename(Mode mode) {
        long id = dao(mode).insert("before rename " + mode, 1);
        long other = dao(mode).insert("untouched " + mode, 1);

        assertThat(dao(mode).updateStatus(id, 42)).isTrue();
        assertThat(dao(mode).rename(id, "after rename " + mode)).isTrue();
        assertThat(dao(mode).findById(id)).hasValueSatisfying(e -> {
            assertThat(e.name()).isEqualTo("after rename " + mode);
            assertThat(e.status()).isEqualTo(42);
        });
        // renamed again, to a name that now exists (cache hit path) and to null
        assertThat(dao(mode).rename(id, "untouched " + mode)).isTrue();
        assertThat(dao(mode).findById(id)).map(NameLogEntry::name).hasValue("untouched " + mode);
        assertThat(dao(mode).rename(id, null)).isTrue();
        assertThat(dao(mode).findById(id)).hasValueSatisfying(e -> assertThat(e.name()).isNull());

        assertThat(dao(mode).findById(other)).map(NameLogEntry::name).hasValue("untouched " + mode);
        assertThat(dao(mode).findByName("before rename " + mode, 0, 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unknownIdsAreReportedAsMissing(Mode mode) {
        assertThat(dao(mode).findById(Long.MAX_VALUE)).isEmpty();
        assertThat(dao(mode).updateStatus(Long.MAX_VALUE, 1)).isFalse();
        assertThat(dao(mode).rename(Long.MAX_VALUE, "nobody " + mode)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void findByNamePagesByIdWithoutGapsOrRepeats(Mode mode) {
        String name = "paged " + mode;
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(dao(mode).insert(name, i));
            dao(mode).insert("noise " + mode, i);
        }

        List<Long> read = new ArrayList<>();
        long after = 0;
        List<NameLogEntry> page;
        do {
            page = dao(mode).findByName(name, after, 3);
            page.forEach(e -> read.add(e.id()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == 3);

        assertThat(read).containsExactlyElementsOf(written);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void listPagesInIdOrder(Mode mode) {
        long first = dao(mode).insert("list a " + mode, 1);
        long second = dao(mode).insert("list b " + mode, 2);

        assertThat(dao(mode).list(first - 1, 2)).extracting(NameLogEntry::id, NameLogEntry::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, "list a " + mode),
                        org.assertj.core.groups.Tuple.tuple(second, "list b " + mode));
        assertThatThrownBy(() -> dao(mode).list(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be between 1 and 1000 but was 0");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void countByStatusCountsEveryRow(Mode mode) {
        int status = 1_000 + mode.ordinal();
        dao(mode).insert("count " + mode, status);
        dao(mode).insert(null, status);

        Map<Integer, Long> counts = dao(mode).countByStatus();

        assertThat(counts).containsEntry(status, 2L);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(db(mode).queryLong("SELECT count(*) FROM namelog"));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"DUAL_WRITE", "SHADOW", "READ_NEW", "NEW_ONLY", "CONTRACTED"})
    void nameIdWritesKeepOneNameRowPerValueAndPointAtTheirOwnName(Mode mode) {
        for (int i = 0; i < 3; i++) {
            dao(mode).insert("shared " + mode, i);
        }
        long renamed = dao(mode).insert("first " + mode, 1);
        dao(mode).rename(renamed, "shared " + mode);

        TestDatabase db = db(mode);
        assertThat(db.queryLong("SELECT count(*) FROM name WHERE value = 'shared " + mode + "'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM namelog l JOIN name n ON n.id = l.name_id"
                + " WHERE n.value = 'shared " + mode + "'")).isEqualTo(4);
        String textMismatch = mode.contracted() ? "false"
                : mode.paths.write().writesLegacyText() ? "l.name IS DISTINCT FROM n.value" : "l.name IS NOT NULL";
        assertThat(db.queryLong("SELECT count(*) FROM namelog l JOIN name n ON n.id = l.name_id"
                + " WHERE n.value = 'shared " + mode + "' AND " + textMismatch))
                .as("legacy text next to name_id").isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"LEGACY"})
    void legacyWritesLeaveNameIdEmpty(Mode mode) {
        long id = dao(mode).insert("legacy only", 1);
        assertThat(expanded.queryLong("SELECT count(*) FROM namelog WHERE id = " + id + " AND name_id IS NULL"))
                .isEqualTo(1);
    }
}
