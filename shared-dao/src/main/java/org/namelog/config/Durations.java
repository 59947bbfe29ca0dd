package org.namelog.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them, the same in every program of the toolkit (tool options,
 * service environment, demo): {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 0}, or
 * ISO-8601 such as {@code PT2S}.
 */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Durations() {}

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException saying how to write it, if {@code value} is not one
     */
    public static Duration parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
            try {
                return requireSane(value, Duration.parse(v.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(notADuration(value));
            }
        }
        Matcher m = FORMAT.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(notADuration(value));
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            if (amount != 0) {
                throw new IllegalArgumentException("'" + value + "' has no unit: write it like 500ms, 2s, 1m or 1h");
            }
            return Duration.ZERO;
        }
        Duration parsed = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return requireSane(value, parsed);
    }

    /** Longer than any wait makes sense, and (in nanoseconds) longer than a long can hold: refused here, not overflowed later. */
    private static final Duration LONGEST = Duration.ofDays(3650);

    private static Duration requireSane(String value, Duration parsed) {
        if (parsed.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + value + "' is longer than ten years (87600h): give a shorter duration");
        }
        return parsed;
    }

    /** A duration the way {@link #parse} reads it back: {@code 1m30s} becomes {@code 90s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String notADuration(String value) {
        return "'" + value + "' is not a duration: write it like 500ms, 2s, 1m, 1h or PT2S";
    }
}
