package org.namelog.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, and the sample names a scrape exposes. Not a PromQL
 * parser (promtool checks syntax): it drops what cannot be a metric name (strings, label matchers,
 * ranges, grouping labels, function and aggregation names, keywords, numbers) and keeps the rest.
 */
final class MetricNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*|[0-9][A-Za-z0-9_.]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private MetricNames() {
    }

    /** The metric names {@code expression} selects. */
    static Set<String> readBy(String expression) {
        String rest = STRINGS.matcher(expression).replaceAll(" ");
        rest = BRACES.matcher(rest).replaceAll(" ");
        rest = BRACKETS.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(rest);
        while (token.find()) {
            String word = token.group();
            boolean call = rest.substring(token.end()).stripLeading().startsWith("(");
            if (!Character.isDigit(word.charAt(0)) && !call && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** The sample names in a scrape in Prometheus's text format ({@code x_bucket}, {@code x_count}, ...). */
    static Set<String> exposedBy(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }
}
