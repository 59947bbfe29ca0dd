package org.namelog.openfeature;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Value;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.InstanceIdentity;
import org.namelog.dao.fleet.ReadPin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's read pin from the team's flag system, through OpenFeature: a string flag
 * ({@value #FLAG} by default) whose value is {@code NONE}, {@code LEGACY} or {@code SHADOW},
 * evaluated with the instance as context (targeting key: the instance id; attributes
 * {@code service} and {@code host}), so the flag system can pin one service, or one instance.
 *
 * <p>Give it to the flag source with {@link FlagSourceConfig#withReadPinSource}: it is asked at every
 * read of the phase, and what it answers is bounded by the same rules as a pin set in the
 * environment (it never moves reads ahead of the fleet, is released for good from
 * {@code NEW_ONLY} on, and is not engaged on {@code READ_NEW} by an instance already reading
 * through {@code name_id}). The pinned read path is what the heartbeat reports, so the
 * migration tool's gate sees it. A value that is no pin counts as {@code NONE}, with a warning:
 * following the fleet is always correct.
 */
public final class OpenFeatureReadPin implements Supplier<ReadPin> {

    /** The flag's default key. */
    public static final String FLAG = "namelog.read-pin";

    private static final Logger log = LoggerFactory.getLogger(OpenFeatureReadPin.class);

    private final Client client;
    private final String flagKey;
    private final EvaluationContext context;
    private volatile String lastRejected;

    private OpenFeatureReadPin(Client client, String flagKey, EvaluationContext context) {
        this.client = Objects.requireNonNull(client, "client");
        this.flagKey = Objects.requireNonNull(flagKey, "flagKey");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The pin of flag {@value #FLAG} for this instance. */
    public static OpenFeatureReadPin forInstance(Client client, InstanceIdentity identity) {
        return forInstance(client, FLAG, identity);
    }

    /** The pin of flag {@code flagKey} for this instance. */
    public static OpenFeatureReadPin forInstance(Client client, String flagKey, InstanceIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        EvaluationContext context = new ImmutableContext(identity.instanceId(), Map.of(
                "service", new Value(identity.service()),
                "host", new Value(identity.host())));
        return new OpenFeatureReadPin(client, flagKey, context);
    }

    /** The pin the flag system answers now; {@code NONE} when it has no answer (its default). */
    @Override
    public ReadPin get() {
        String value = client.getStringValue(flagKey, ReadPin.NONE.name(), context);
        try {
            ReadPin pin = ReadPin.parse(value);
            lastRejected = null;
            return pin;
        } catch (IllegalArgumentException e) {
            if (!Objects.equals(value, lastRejected)) {
                log.warn("flag {} = '{}' is no read pin ({}): following the fleet", flagKey, value, e.getMessage());
                lastRejected = value;
            }
            return ReadPin.NONE;
        }
    }
}
