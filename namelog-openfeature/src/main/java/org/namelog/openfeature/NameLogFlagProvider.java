package org.namelog.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FlagNotFoundError;
import dev.openfeature.sdk.exceptions.TypeMismatchError;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagState;

/**
 * An OpenFeature provider that answers, read-only, what this instance follows in the rollout, so
 * that code elsewhere in the application can ask through the standard API:
 *
 * <ul>
 *   <li>{@value #PHASE}: the fleet's phase it follows ({@code LEGACY} ... {@code CONTRACTED});
 *   <li>{@value #READ_PATH}, {@value #WRITE_PATH}: the paths its DAO uses now (a read pin shows here);
 *   <li>{@value #NAME_COLUMN}: {@code PRESENT} or {@code DROPPED};
 *   <li>{@value #STALE} (boolean): whether it could not read the phase lately.
 * </ul>
 *
 * <p>The phase itself stays in the database under the migration tool's gate: nothing set through
 * OpenFeature changes it. Answers come from memory (the flag source's last read). Register it for a
 * domain of its own ({@code OpenFeatureAPI.setProvider("namelog", provider)}) so that it does not
 * replace the team's own provider. Thread-safe.
 */
public final class NameLogFlagProvider extends EventProvider {

    public static final String PHASE = "namelog.phase";
    public static final String READ_PATH = "namelog.read-path";
    public static final String WRITE_PATH = "namelog.write-path";
    public static final String NAME_COLUMN = "namelog.name-column";
    public static final String STALE = "namelog.stale";

    private static final List<String> STRING_FLAGS = List.of(PHASE, READ_PATH, WRITE_PATH, NAME_COLUMN);

    private final Supplier<FlagState> state;

    /** A provider answering from {@code state} (for example {@code flagSource::state}). */
    public NameLogFlagProvider(Supplier<FlagState> state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * A provider for {@code flags}, which also tells OpenFeature's event handlers
     * ({@code PROVIDER_CONFIGURATION_CHANGED}) whenever the phase, paths or staleness change.
     */
    public static NameLogFlagProvider following(DatabaseFlagSource flags) {
        NameLogFlagProvider provider = new NameLogFlagProvider(flags::state);
        flags.onChange(() -> provider.emitProviderConfigurationChanged(ProviderEventDetails.builder()
                .flagsChanged(List.of(PHASE, READ_PATH, WRITE_PATH, NAME_COLUMN, STALE))
                .message("namelog: " + flags.state().phase() + ", " + flags.state().paths())
                .build()));
        return provider;
    }

    @Override
    public Metadata getMetadata() {
        return () -> "namelog";
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        FlagState now = state.get();
        String value = switch (key) {
            case PHASE -> now.phase().name();
            case READ_PATH -> now.paths().read().name();
            case WRITE_PATH -> now.paths().write().name();
            case NAME_COLUMN -> now.paths().nameColumn().name();
            case STALE -> throw new TypeMismatchError(STALE + " is a boolean flag");
            default -> throw notFound(key);
        };
        return answer(value);
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        if (STALE.equals(key)) {
            return answer(state.get().stale());
        }
        throw STRING_FLAGS.contains(key) ? new TypeMismatchError(key + " is a string flag") : notFound(key);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        throw wrongType(key);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        throw wrongType(key);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        throw wrongType(key);
    }

    private static <T> ProviderEvaluation<T> answer(T value) {
        // CACHED: the instance's last read of the phase, not a fresh database read
        return ProviderEvaluation.<T>builder().value(value).variant(String.valueOf(value))
                .reason(Reason.CACHED.toString()).build();
    }

    private static RuntimeException wrongType(String key) {
        return STRING_FLAGS.contains(key) || STALE.equals(key)
                ? new TypeMismatchError(key + " is a " + (STALE.equals(key) ? "boolean" : "string") + " flag")
                : notFound(key);
    }

    private static FlagNotFoundError notFound(String key) {
        return new FlagNotFoundError("namelog has no flag '" + key + "': it answers " + PHASE + ", " + READ_PATH
                + ", " + WRITE_PATH + ", " + NAME_COLUMN + " and " + STALE);
    }
}
