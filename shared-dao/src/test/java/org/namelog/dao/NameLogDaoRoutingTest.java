package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.dao.flag.WritePath;
import org.namelog.dao.internal.NameLogMapper;
import org.namelog.dao.internal.ReadSource;
import org.namelog.dao.internal.WrittenRow;

/** Which statement each mode runs. The statements themselves are tested on PostgreSQL (the ITs). */
@ExtendWith(MockitoExtension.class)
class NameLogDaoRoutingTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    @Mock SqlSessionFactory sessions;
    @Mock SqlSession session;
    @Mock NameLogMapper mapper;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void wire() {
        lenient().when(sessions.openSession(anyBoolean())).thenReturn(session);
        // SHADOW's two reads share one REPEATABLE READ snapshot
        lenient().when(sessions.openSession(any(TransactionIsolationLevel.class))).thenReturn(session);
        lenient().when(session.getMapper(NameLogMapper.class)).thenReturn(mapper);
    }

    private NameLogDao dao(Paths paths) {
        return NameLogDao.create(sessions, new StaticFlagSource(paths), registry, DaoConfig.defaults());
    }

    private static NameLogEntry entry(String name) {
        return new NameLogEntry(5, name, 1, NOW);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void readsGoWhereTheReadPathSays(Mode mode) {
        when(mapper.selectById(any(), eq(5L))).thenReturn(entry("n"));

        assertThat(dao(mode.paths).findById(5)).map(NameLogEntry::name).hasValue("n");

        // NEW reads name_id only (the text may be stale from NEW_ONLY on); only SHADOW's comparison
        // falls back to the text for rows the backfill has not reached yet
        ReadSource shadow = mode.contracted() ? ReadSource.NAME_ID : ReadSource.NAME_ID_WITH_FALLBACK;
        switch (mode.paths.read()) {
            case LEGACY -> {
                verify(mapper).selectById(ReadSource.LEGACY_TEXT, 5L);
                verify(mapper, never()).selectById(ReadSource.NAME_ID, 5L);
            }
            case NEW -> {
                verify(mapper).selectById(ReadSource.NAME_ID, 5L);
                verify(mapper, never()).selectById(ReadSource.NAME_ID_WITH_FALLBACK, 5L);
                verify(mapper, never()).selectById(ReadSource.LEGACY_TEXT, 5L);
            }
            case SHADOW -> {
                verify(mapper).selectById(ReadSource.LEGACY_TEXT, 5L);
                verify(mapper).selectById(shadow, 5L);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void insertsWriteTheColumnsTheWritePathSaysAndResolveEachNameOnce(Mode mode) {
        lenient().when(mapper.insertLegacy(anyString(), anyInt())).thenReturn(1L);
        lenient().when(mapper.insertResolvingName(anyString(), anyInt(), anyBoolean())).thenReturn(new WrittenRow(1, 77L));
        NameLogDao dao = dao(mode.paths);

        dao.insert("n", 1);
        dao.insert("n", 2);

        boolean writeText = mode.paths.write() == WritePath.DUAL;
        if (mode.paths.write() == WritePath.LEGACY) {
            verify(mapper).insertLegacy("n", 1);
            verify(mapper, never()).insertResolvingName(anyString(), anyInt(), anyBoolean());
        } else {
            verify(mapper).insertResolvingName("n", 1, writeText);
            verify(session).commit(true); // the miss path commits explicitly, then caches
            verify(mapper).insertWithNameId("n", 77L, 2, writeText);
            verify(mapper, never()).insertLegacy(anyString(), anyInt());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renamesClearTheLegacyTextOnlyWhenWritingNameIdsAloneBesideIt(Mode mode) {
        lenient().when(mapper.renameResolvingName(anyLong(), anyString(), anyBoolean(), anyBoolean()))
                .thenReturn(new WrittenRow(5, 9L));
        lenient().when(mapper.renameLegacy(anyLong(), anyString())).thenReturn(1);

        assertThat(dao(mode.paths).rename(5, "m")).isTrue();

        switch (mode.paths.write()) {
            case LEGACY -> verify(mapper).renameLegacy(5, "m");
            case DUAL -> verify(mapper).renameResolvingName(5, "m", true, false);
            case NEW -> verify(mapper).renameResolvingName(5, "m", false, !mode.contracted());
        }
    }

    @Test
    void shadowReadsReturnTheLegacyResultAndCountEveryMismatch() {
        when(mapper.selectById(ReadSource.LEGACY_TEXT, 5L)).thenReturn(entry("legacy"));
        when(mapper.selectById(ReadSource.NAME_ID_WITH_FALLBACK, 5L)).thenReturn(entry("other"));
        when(mapper.selectPage(ReadSource.LEGACY_TEXT, 0L, 10)).thenReturn(List.of(entry("a")));
        when(mapper.selectPage(ReadSource.NAME_ID_WITH_FALLBACK, 0L, 10)).thenReturn(List.of(entry("a")));
        NameLogDao dao = dao(Paths.of(ReadPath.SHADOW, WritePath.DUAL));

        assertThat(dao.findById(5)).map(NameLogEntry::name).hasValue("legacy");
        assertThat(dao.list(0, 10)).extracting(NameLogEntry::name).containsExactly("a");

        assertThat(registry.get("namelog.dao.shadow.mismatches").counter().count()).isEqualTo(1);
    }

    @Test
    void aNameThatCannotBeResolvedIsRolledBackNotWritten() {
        when(mapper.insertResolvingName("n", 1, true)).thenReturn(new WrittenRow(1, null));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dao(Paths.of(ReadPath.LEGACY, WritePath.DUAL)).insert("n", 1))
                .isInstanceOf(NameLogDaoException.class).hasMessageContaining("nothing was written");

        verify(session).rollback(true);
        verify(session, never()).commit(true);
    }

    @Test
    void nullNamesNeedNoNameRow() {
        NameLogDao dao = dao(Paths.of(ReadPath.NEW, WritePath.NEW));
        dao.insert(null, 1);
        verify(mapper).insertWithNameId(null, null, 1, false);
        verify(mapper, never()).insertResolvingName(any(), anyInt(), anyBoolean());
    }
}
