package org.namelog.dao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.namelog.dao.flag.CallFlags;
import org.namelog.dao.flag.FlagSource;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.StaticFlagSource;
import org.namelog.dao.internal.NameLogMapper;
import org.namelog.dao.internal.WrittenRow;

/** What the DAO does when its flag source refuses a call, or moves the name table generation on. */
@ExtendWith(MockitoExtension.class)
class FlagSourceRefusalTest {

    @Mock SqlSessionFactory sessions;
    @Mock SqlSession session;
    @Mock NameLogMapper mapper;

    @BeforeEach
    void wire() {
        lenient().when(sessions.openSession(anyBoolean())).thenReturn(session);
        lenient().when(session.getMapper(NameLogMapper.class)).thenReturn(mapper);
    }

    private static DatabaseUnavailableException refused() {
        return new DatabaseUnavailableException("lease ran out", Duration.ofSeconds(1), null);
    }

    @Test
    void aRefusedCallTouchesNothing() {
        FlagSource refusing = new FlagSource() {
            @Override
            public Paths current() {
                return Phase.DUAL_WRITE.paths();
            }

            @Override
            public CallFlags forCall() {
                throw refused();
            }
        };
        NameLogDao dao = NameLogDao.create(sessions, refusing, new SimpleMeterRegistry(), DaoConfig.defaults());

        assertThatThrownBy(() -> dao.insert("n", 1)).isInstanceOf(DatabaseUnavailableException.class);
        assertThatThrownBy(() -> dao.findById(1)).isInstanceOf(DatabaseUnavailableException.class);
        assertThatThrownBy(dao::countByStatus).isInstanceOf(DatabaseUnavailableException.class);
        verifyNoInteractions(sessions);
    }

    @Test
    void theLeaseIsCheckedAgainOnceTheConnectionIsInHand() {
        AtomicInteger asked = new AtomicInteger();
        FlagSource expiresWhileWaiting = new FlagSource() {
            @Override
            public Paths current() {
                return Phase.DUAL_WRITE.paths();
            }

            @Override
            public CallFlags forCall() {
                if (asked.incrementAndGet() > 1) {
                    throw refused();
                }
                return new CallFlags(current(), 1);
            }
        };
        NameLogDao dao = NameLogDao.create(sessions, expiresWhileWaiting, new SimpleMeterRegistry(),
                DaoConfig.defaults().withRetryMaxAttempts(1));

        assertThatThrownBy(() -> dao.updateStatus(5, 2)).isInstanceOf(DatabaseUnavailableException.class);
        verify(session).getConnection();
        verify(mapper, never()).updateStatus(5, 2);
    }

    @Test
    void aNewGenerationResolvesTheNameAgain() {
        when(mapper.insertResolvingName(anyString(), anyInt(), anyBoolean())).thenReturn(new WrittenRow(1, 77L));
        StaticFlagSource flags = StaticFlagSource.of(Phase.DUAL_WRITE);
        NameLogDao dao = NameLogDao.create(sessions, flags, new SimpleMeterRegistry(), DaoConfig.defaults());
        dao.insert("n", 1);
        assertThat(dao.cachedNames()).isEqualTo(1);

        flags.nameTableReplaced();

        assertThat(dao.cachedNames()).as("cleared by the thread that moved the generation").isZero();
        dao.insert("n", 1);
        verify(mapper, times(2)).insertResolvingName("n", 1, true);
        verify(mapper, never()).insertWithNameId("n", 77L, 1, true);
    }
}
