package org.namelog.migration.backfill;

import java.util.Locale;

/** Byte sizes as the options write them: {@code 512kB}, {@code 64MB}, {@code 1GB}, or plain bytes. */
public final class Bytes {

    private Bytes() {
    }

    public static long parse(String text) {
        String t = text.trim();
        String digits = t.replaceAll("[^0-9].*$", "");
        String unit = t.substring(digits.length()).trim().toUpperCase(Locale.ROOT);
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write it like 64MB, 512kB, 1GB or 0");
        }
        long value = Long.parseLong(digits);
        long factor = switch (unit) {
            case "", "B" -> 1;
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> throw new IllegalArgumentException("'" + text + "' is not a size: write it like 64MB, 512kB,"
                    + " 1GB or 0 (the replica lag is measured in WAL bytes, not time)");
        };
        return Math.multiplyExact(value, factor);
    }

    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1fGB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1fMB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1fkB", bytes / (double) (1L << 10));
        }
        return bytes + "B";
    }
}
