package org.namelog.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * Reads request input, turning anything unusable into a {@link BadRequestException} that names
 * the field at fault. Thread-safe.
 */
public final class Requests {

    private final ObjectMapper mapper;
    private final int maxNameBytes;
    private final int maxPageSize;

    Requests(ObjectMapper mapper, int maxNameBytes, int maxPageSize) {
        this.mapper = mapper;
        this.maxNameBytes = maxNameBytes;
        this.maxPageSize = maxPageSize;
    }

    /** The body as a JSON object. */
    public Body body(Context ctx) {
        JsonNode node;
        try {
            node = mapper.readTree(ctx.bodyAsBytes());
        } catch (JacksonException e) {
            throw new BadRequestException("body", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("body", "the body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("body", "the body must be a JSON object");
        }
        return new Body(node);
    }

    /** The path parameter {@code id}, a positive whole number. */
    public long pathId(Context ctx) {
        String value = ctx.pathParam("id");
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestException("id", "id must be a positive whole number but was '" + value + "'");
    }

    /** A query parameter that must be a whole number from {@code min} to {@code max}, if present. */
    public long queryLong(Context ctx, String name, long fallback, long min, long max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestException(name, name + " must be a whole number from " + min + " to " + max
                + " but was '" + value + "'");
    }

    /** The largest page a listing returns. */
    public int maxPageSize() {
        return maxPageSize;
    }

    /** A query parameter holding a name (its presence matters: the empty name is a name). */
    public String queryName(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value != null) {
            requireSize(name, value);
        }
        return value;
    }

    private void requireSize(String field, String name) {
        long bytes = utf8Length(name);
        if (bytes > maxNameBytes) {
            throw new BadRequestException(field, field + " is " + bytes + " bytes of UTF-8, more than the "
                    + maxNameBytes + " this service accepts: shorten it");
        }
    }

    /** UTF-8 length without encoding (a name may be a megabyte). */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A JSON object body. */
    public final class Body {

        private final JsonNode node;

        private Body(JsonNode node) {
            this.node = node;
        }

        /** A field that must be present and hold a string or {@code null} (a NULL name). */
        public String nullableName(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                throw new BadRequestException(field, field + " is missing: send a string, or null for no name");
            }
            if (value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new BadRequestException(field, field + " must be a string or null, not " + value.getNodeType());
            }
            String text = value.textValue();
            requireSize(field, text);
            return text;
        }

        /** A field that must be present and hold a whole number that fits 32 bits. */
        public int integer(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw new BadRequestException(field, field + " is missing: send a whole number");
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new BadRequestException(field, field + " must be a whole number from " + Integer.MIN_VALUE
                        + " to " + Integer.MAX_VALUE + " but was " + value);
            }
            return value.intValue();
        }
    }
}
