package org.namelog.migration;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Duration options ({@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 0}), read as everywhere in the toolkit. */
public final class Durations implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        try {
            return org.namelog.config.Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    public static String format(Duration d) {
        return org.namelog.config.Durations.format(d);
    }
}
