package org.namelog.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request input, turning anything unusable into a {@link BadRequestException} that names
 * the field at fault. Thread-safe.
 *
 * <p>A body is read through a bounded stream: past {@code maxBodyBytes}, {@link BodyTooLargeException}
 * (413), whatever the transfer encoding, so a chunked body of unknown length cannot fill the heap.
 * JSON is strict: one object, no content after it, no key twice.
 */
public final class Requests {

    private final ObjectReader json;
    private final int maxNameBytes;
    private final int maxPageSize;
    private final long maxBodyBytes;

    Requests(ObjectMapper mapper, int maxNameBytes, int maxPageSize, long maxBodyBytes) {
        this.json = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.maxNameBytes = maxNameBytes;
        this.maxPageSize = maxPageSize;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The largest body accepted, in bytes. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The body as a JSON object. */
    public Body body(Context ctx) {
        byte[] bytes = boundedBody(ctx);
        JsonNode node;
        try (JsonParser parser = json.createParser(bytes)) {
            node = json.readTree(parser);
            if (node != null && !node.isMissingNode() && hasMore(parser)) {
                throw new BadRequestException("body", "the body has content after the JSON object: send exactly one object");
            }
        } catch (JacksonException e) {
            throw new BadRequestException("body", jsonProblem(e));
        } catch (IOException e) {
            throw new BadRequestException("body", "the body cannot be read: send it again");
        }
        if (node == null || node.isMissingNode()) {
            throw new BadRequestException("body", "the body is empty: send a JSON object");
        }
        if (!node.isObject()) {
            throw new BadRequestException("body", "the body must be a JSON object, not " + node.getNodeType());
        }
        return new Body(node);
    }

    /** Whether anything but white space follows the first value (garbage that is not JSON included). */
    private static boolean hasMore(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (JacksonException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] boundedBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), maxBodyBytes));
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = ctx.req().getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (out.size() + (long) read > maxBodyBytes) {
                    throw new BodyTooLargeException(maxBodyBytes);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new BadRequestException("body", "the body cannot be read (the connection broke?): send it again");
        }
        return out.toByteArray();
    }

    /** What is wrong with the JSON, in words a client can act on; input echoed only as a key name. */
    private static String jsonProblem(JacksonException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Trailing token")) {
            return "the body has content after the JSON object: send exactly one object";
        }
        if (original.startsWith("Duplicate field") || original.startsWith("Duplicate Object property")) {
            int open = original.indexOf('\'');
            int close = open < 0 ? -1 : original.indexOf('\'', open + 1);
            String key = close > open + 1 ? original.substring(open + 1, Math.min(close, open + 65)) : "?";
            return "the body repeats the key '" + key + "': send each key once";
        }
        if (e.getLocation() != null) {
            return "the body is not valid JSON (at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): send one JSON object";
        }
        return "the body is not valid JSON: send one JSON object";
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
