package org.namelog.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.fleet.FlagState;
import org.namelog.dao.fleet.ReadPin;

class NameLogFlagProviderTest {

    private final AtomicReference<FlagState> state =
            new AtomicReference<>(new FlagState(Phase.DUAL_WRITE, Phase.DUAL_WRITE.paths(), false, Instant.now(), 0, 1));
    private final Client client;

    NameLogFlagProviderTest() {
        String domain = "namelog-unit-" + System.nanoTime();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, new NameLogFlagProvider(state::get));
        client = OpenFeatureAPI.getInstance().getClient(domain);
    }

    @Test
    void thePhaseAndPathsAreFlagsThatFollowTheInstance() {
        assertThat(client.getStringValue(NameLogFlagProvider.PHASE, "?")).isEqualTo("DUAL_WRITE");
        assertThat(client.getStringValue(NameLogFlagProvider.READ_PATH, "?")).isEqualTo("LEGACY");
        assertThat(client.getStringValue(NameLogFlagProvider.WRITE_PATH, "?")).isEqualTo("DUAL");
        assertThat(client.getStringValue(NameLogFlagProvider.NAME_COLUMN, "?")).isEqualTo("PRESENT");
        assertThat(client.getBooleanValue(NameLogFlagProvider.STALE, true)).isFalse();

        state.set(new FlagState(Phase.READ_NEW, ReadPin.SHADOW.pathsFor(Phase.READ_NEW), true, Instant.now(), 0, 1));

        assertThat(client.getStringValue(NameLogFlagProvider.PHASE, "?")).isEqualTo("READ_NEW");
        assertThat(client.getStringValue(NameLogFlagProvider.READ_PATH, "?")).isEqualTo("SHADOW");
        assertThat(client.getBooleanValue(NameLogFlagProvider.STALE, false)).isTrue();
    }

    @Test
    void anUnknownFlagOrAWrongTypeGetsTheCallersDefaultAndAnErrorCode() {
        FlagEvaluationDetails<String> unknown = client.getStringDetails("namelog.no-such-flag", "fallback");
        assertThat(unknown.getValue()).isEqualTo("fallback");
        assertThat(unknown.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);

        FlagEvaluationDetails<Boolean> wrongType = client.getBooleanDetails(NameLogFlagProvider.PHASE, false);
        assertThat(wrongType.getValue()).isFalse();
        assertThat(wrongType.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(client.getIntegerDetails(NameLogFlagProvider.STALE, 7).getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }
}
