package org.namelog.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Request latency over time as an SVG picture: p50, p99 and max per second, steps marked. */
public final class LatencyChart {

    /** A moment worth marking on the time axis. */
    public record Marker(long atMillis, String label) {}

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 70;
    private static final int BOTTOM = 50;

    private LatencyChart() {}

    public static String svg(List<RequestLog.Request> requests, List<Marker> markers, String title) {
        TreeMap<Long, List<Double>> perSecond = new TreeMap<>();
        for (RequestLog.Request r : requests) {
            perSecond.computeIfAbsent(r.startMillis() / 1000, s -> new ArrayList<>()).add(r.latencyMillis());
        }
        long lastSecond = Math.max(1, Math.max(perSecond.isEmpty() ? 1 : perSecond.lastKey() + 1,
                markers.stream().mapToLong(m -> m.atMillis() / 1000 + 1).max().orElse(1)));
        double maxLatency = Math.max(10, requests.stream().mapToDouble(RequestLog.Request::latencyMillis).max().orElse(10));
        double yTop = Math.log10(maxLatency * 1.5);
        double yBottom = Math.log10(0.5);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        // y grid (log scale)
        for (double ms : new double[] {1, 10, 100, 1000, 10000}) {
            if (ms > maxLatency * 1.5) {
                break;
            }
            double y = y(ms, yBottom, yTop);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    LEFT, WIDTH - RIGHT, y, y, LEFT - 5, y + 4, ms >= 1 ? String.valueOf((long) ms) : String.valueOf(ms)));
        }
        // x axis
        long step = Math.max(1, lastSecond / 10);
        for (long s = 0; s <= lastSecond; s += step) {
            double x = x(s * 1000, lastSecond);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n",
                    x, HEIGHT - BOTTOM + 15, s));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM));
        // markers
        int row = 0;
        for (Marker m : markers) {
            double x = x(m.atMillis(), lastSecond);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\""
                    + " stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>%n",
                    x, x, TOP - 5, HEIGHT - BOTTOM, x + 2, TOP - 40 + 12 * (row++ % 3), escape(m.label())));
        }
        // series
        String[][] series = {{"p50", "#2b8a3e"}, {"p99", "#e67700"}, {"max", "#c92a2a"}};
        for (int i = 0; i < series.length; i++) {
            StringBuilder points = new StringBuilder();
            for (var e : perSecond.entrySet()) {
                double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                Arrays.sort(sorted);
                double v = switch (i) {
                    case 0 -> percentile(sorted, 0.50);
                    case 1 -> percentile(sorted, 0.99);
                    default -> sorted[sorted.length - 1];
                };
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(e.getKey() * 1000 + 500, lastSecond),
                        y(Math.max(v, 0.5), yBottom, yTop)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    series[i][1], points));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s per second</text>%n",
                    WIDTH - RIGHT - 300 + 100 * i, HEIGHT - 8, series[i][1], series[i][0]));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The q-quantile of sorted values (nearest rank). */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double x(long millis, long lastSecond) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (millis / 1000.0) / lastSecond;
    }

    private static double y(double ms, double yBottom, double yTop) {
        double f = (Math.log10(ms) - yBottom) / (yTop - yBottom);
        return HEIGHT - BOTTOM - f * (HEIGHT - TOP - BOTTOM);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
