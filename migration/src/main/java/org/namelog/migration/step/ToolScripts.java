package org.namelog.migration.step;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The tool's own SQL files (beside this class under {@code sql/}): the conditional NOT NULL
 * steps, which apply only where the legacy column was NOT NULL and so cannot be plain versioned
 * files, and the narrower trigger function of the backfill. squawk lints them with the V files.
 */
public final class ToolScripts {

    private ToolScripts() {
    }

    public static String read(String fileName) {
        String path = "sql/" + fileName;
        try (InputStream in = ToolScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing beside " + ToolScripts.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
