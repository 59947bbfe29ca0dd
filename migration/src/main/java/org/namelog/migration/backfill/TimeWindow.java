package org.namelog.migration.backfill;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily maintenance window such as {@code 01:00-05:00} in a time zone. A window whose end is
 * before its start runs over midnight ({@code 22:00-04:00}).
 */
public record TimeWindow(LocalTime start, LocalTime end, ZoneId zone) {

    public TimeWindow {
        if (start.equals(end)) {
            throw new IllegalArgumentException("--window start and end are both " + start + ": leave --window out to run at any time");
        }
    }

    /** Parses {@code HH:MM-HH:MM}. */
    public static TimeWindow parse(String text, ZoneId zone) {
        String[] parts = text == null ? new String[0] : text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--window must look like 01:00-05:00 but was '" + text + "'");
        }
        try {
            return new TimeWindow(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()), zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--window must look like 01:00-05:00 (24-hour HH:MM) but was '" + text + "'");
        }
    }

    public boolean contains(ZonedDateTime at) {
        LocalTime t = at.withZoneSameInstant(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }

    /** How long from {@code at} until the window opens next (zero when it is open). */
    public Duration untilOpen(ZonedDateTime at) {
        if (contains(at)) {
            return Duration.ZERO;
        }
        ZonedDateTime local = at.withZoneSameInstant(zone);
        ZonedDateTime next = local.with(start);
        if (!next.isAfter(local)) {
            next = next.plusDays(1);
        }
        return Duration.between(local, next);
    }

    @Override
    public String toString() {
        return start + "-" + end + " " + zone;
    }
}
