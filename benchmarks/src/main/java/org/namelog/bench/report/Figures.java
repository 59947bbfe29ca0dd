package org.namelog.bench.report;

import java.util.Locale;

/** How figures are printed: the same in the terminal and in the document. */
public final class Figures {

    private Figures() {}

    public static String count(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    public static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f×", value) : "–";
    }

    public static String millis(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f ms", value);
        }
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    public static String micros(double value) {
        if (value >= 1_000) {
            return millis(value / 1000.0);
        }
        return String.format(Locale.ROOT, "%,.0f µs", value);
    }

    public static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f s", value);
    }

    public static String bytes(long value) {
        if (value < 1024) {
            return value + " B";
        }
        double mib = value / 1024.0 / 1024.0;
        if (mib < 10) {
            return String.format(Locale.ROOT, "%.2f MiB", mib);
        }
        return String.format(Locale.ROOT, "%,.0f MiB", mib);
    }
}
