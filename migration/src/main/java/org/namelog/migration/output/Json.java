package org.namelog.migration.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON documents of {@code --output json}. Every document starts with {@code "format": 1}: a
 * field is never renamed or removed within one format version, only added; times are ISO-8601
 * strings, durations milliseconds.
 */
public final class Json {

    /** The version of every document's shape. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** A document: {@code "format"} first, then the fields in the order given. */
    public static Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        return doc;
    }

    /** An object whose fields keep their order. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /** A time as ISO-8601 text, or null. */
    public static String time(TemporalAccessor time) {
        return time == null ? null : time.toString();
    }

    /** A duration in milliseconds, or null. */
    public static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    /** Prints {@code document} as one JSON document and a newline. */
    public static void print(PrintStream out, Map<String, Object> document) {
        try {
            out.println(MAPPER.writeValueAsString(document));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON document: " + e.getOriginalMessage(), e);
        }
    }
}
