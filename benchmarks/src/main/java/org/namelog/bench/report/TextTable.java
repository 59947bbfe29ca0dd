package org.namelog.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A table of strings, printed aligned for a terminal or as Markdown. */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("header must have at least one column");
        }
        this.header = List.copyOf(header);
    }

    public TextTable add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells but the header has "
                    + header.size() + ": " + row);
        }
        rows.add(row.stream().map(cell -> Objects.requireNonNullElse(cell, "")).toList());
        return this;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** Columns padded to their widest cell, for a terminal. */
    public String aligned() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendAligned(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.append(rule.toString().stripTrailing()).append('\n');
        rows.forEach(row -> appendAligned(out, row, widths));
        return out.toString();
    }

    /** A GitHub-flavoured Markdown table. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static void appendAligned(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell).append(" ".repeat(widths[i] - cell.length())).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
