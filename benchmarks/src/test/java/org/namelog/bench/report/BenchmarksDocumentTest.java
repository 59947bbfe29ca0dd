package org.namelog.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksDocumentTest {

    @TempDir
    Path dir;

    @Test
    void eachBenchmarkReplacesOnlyItsOwnSectionAndKeepsHandWrittenText() throws Exception {
        Path file = dir.resolve("docs/BENCHMARKS.md");
        BenchmarksDocument doc = new BenchmarksDocument(file);
        doc.writeSection("backfill", "backfill one");
        doc.writeSection("dao", "dao one");
        Files.writeString(file, Files.readString(file) + "\nWhy the targets are missed: by hand.\n");

        doc.writeSection("backfill", "backfill two");

        String text = Files.readString(file);
        assertThat(text).startsWith("# NameLog benchmarks").contains("backfill two", "dao one",
                "Why the targets are missed: by hand.").doesNotContain("backfill one");
        assertThat(text.indexOf("backfill two")).isLessThan(text.indexOf("dao one"));
    }

    @Test
    void aSectionNameMustBeLowercaseWords() {
        assertThatThrownBy(() -> new BenchmarksDocument(dir.resolve("x.md")).writeSection("Back fill", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Back fill");
    }
}
