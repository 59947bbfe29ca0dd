package org.namelog.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.namelog.bench.BenchmarkException;

/**
 * {@code docs/BENCHMARKS.md}: one file, one section per benchmark. Each benchmark replaces only its
 * own section (between its markers), so running one does not erase the other's figures.
 */
public final class BenchmarksDocument {

    static final String TITLE = "# NameLog benchmarks\n\n"
            + "Written by the benchmark programs (`benchmarks` module); how to run them: "
            + "[benchmarks-howto.md](benchmarks-howto.md). Each section below is replaced whole by the next run "
            + "of its benchmark.\n";

    private final Path file;

    public BenchmarksDocument(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Replaces (or appends) the section named {@code section} with {@code markdown}. */
    public void writeSection(String section, String markdown) {
        if (!section.matches("[a-z-]+")) {
            throw new IllegalArgumentException("section must be lowercase letters and dashes but was " + section);
        }
        String start = "<!-- " + section + ":start -->";
        String end = "<!-- " + section + ":end -->";
        String block = start + "\n" + markdown.strip() + "\n" + end;
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : TITLE;
            int from = text.indexOf(start);
            int to = text.indexOf(end);
            String updated;
            if (from >= 0 && to > from) {
                updated = text.substring(0, from) + block + text.substring(to + end.length());
            } else {
                updated = text.stripTrailing() + "\n\n" + block + "\n";
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchmarkException("cannot write " + file + ": " + e.getMessage()
                    + " (pass --output to write elsewhere)", e);
        }
    }
}
