package org.namelog.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated requests for the services' fuzz pass: methods, paths with odd ids, query strings,
 * headers and bodies (valid, mistyped, malformed, repeated keys, trailing content, deep nesting,
 * large). {@link #check} sends one and says what is wrong with the answer, or null.
 */
public final class EndpointFuzz {

    /** The statuses a client may ever see; 500 is never one of them. */
    public static final Set<Integer> ALLOWED = Set.of(200, 201, 204, 400, 404, 409, 413, 422, 503);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One generated request. */
    public record Fuzzed(String method, String path, String query, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            String shown = body == null ? "null" : body.length() > 200 ? body.substring(0, 200) + "...(" + body.length() + ")" : body;
            return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " " + headers + " " + shown;
        }
    }

    private EndpointFuzz() {}

    public static Arbitrary<Fuzzed> requests(List<String> routes) {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
        Arbitrary<String> path = Combinators.combine(Arbitraries.of(routes), ids())
                .as((route, id) -> route.replace("{id}", encode(id)));
        return Combinators.combine(method, path, queries(), headers(), bodies()).as(Fuzzed::new);
    }

    static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.longs().between(1, 50).map(l -> Long.toString(l)),
                Arbitraries.of("0", "-1", "9223372036854775807", "9223372036854775808", "1e3", "0x10", " 1", "1.0",
                        "", "..", "%", "null", "١٢"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40));
    }

    static Arbitrary<String> queries() {
        Arbitrary<String> key = Arbitraries.of("name", "after", "limit", "x", "name[]", "");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(50),
                Arbitraries.integers().map(Object::toString), Arbitraries.of("-1", "0", "1001", "99999999999999999999"));
        Arbitrary<String> pair = Combinators.combine(key, value).as((k, v) -> encode(k) + "=" + encode(v));
        return pair.list().ofMaxSize(4).map(pairs -> String.join("&", pairs));
    }

    static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> name = Arbitraries.of("X-Request-Id", "Content-Type", "Accept", "X-Forwarded-For",
                "X-Fuzz", "Accept-Encoding", "Cookie", "Authorization");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(120).map(String::trim),
                Arbitraries.of("application/json", "text/plain", "application/json; charset=latin1", "*/*", "gzip",
                        "x".repeat(80), "../../etc/passwd", "<script>"));
        return Arbitraries.maps(name, value).ofMaxSize(4);
    }

    static Arbitrary<String> bodies() {
        Arbitrary<Object> field = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.just(null), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(List.of(1, 2)).map(l -> (Object) l), Arbitraries.just(Map.of("a", 1)).map(m -> (Object) m));
        Arbitrary<String> objects = Combinators.combine(field, field).as((name, status) -> {
            java.util.Map<String, Object> body = new java.util.HashMap<>();
            body.put("name", name);
            body.put("status", status);
            return write(body);
        });
        Arbitrary<String> valid = Combinators.combine(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.integers().between(-5, 5)).as((name, status) -> write(Map.of("name", name, "status", status)));
        return Arbitraries.oneOf(valid, objects,
                Arbitraries.strings().ofMaxLength(200),
                valid.map(v -> v + " trailing"),
                valid.map(v -> v.substring(0, v.length() / 2)),
                valid.map(v -> v.replace("{", "{\"status\":1,")),
                Arbitraries.integers().between(1, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
                Arbitraries.integers().between(1, 3000).map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
                Arbitraries.of("", "null", "[]", "\"x\"", "1", "{}", "{\"name\":\"\\u0000\",\"status\":1}",
                        "{\"name\":\"\\ud800\",\"status\":1}", "{\"status\":1e400,\"name\":\"a\"}"),
                Arbitraries.integers().between(1, 8).map(mb -> "{\"name\":\"" + "y".repeat(mb << 20) + "\",\"status\":1}"),
                Arbitraries.just(null));
    }

    /**
     * Sends {@code request}; returns what is wrong with the answer (a status outside
     * {@link #ALLOWED}, an error that is not our JSON shape, a stack trace), or null if it is fine.
     */
    public static String check(HttpClient http, int port, Fuzzed request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()
                + (request.query().isEmpty() ? "" : "?" + request.query()))).timeout(Duration.ofSeconds(30));
        request.headers().forEach((name, value) -> {
            if (!value.isEmpty()) {
                builder.header(name, value);
            }
        });
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body());
        HttpResponse<String> response = http.send(builder.method(request.method(), body).build(),
                HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String text = response.body();
        if (!ALLOWED.contains(status)) {
            return "status " + status + ": " + text;
        }
        if (text.contains("Exception") || text.contains("\tat ") || text.contains("at org.") || text.contains("SELECT ")
                || text.contains("INSERT INTO") || text.contains("UPDATE namelog") || text.contains("Failing row")) {
            return "a stack trace or SQL in " + status + ": " + text;
        }
        if (status >= 400) {
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (Exception e) {
                return "not JSON (" + status + "): " + text;
            }
            if (json == null || !json.hasNonNull("code") || !json.hasNonNull("error") || !json.hasNonNull("correlationId")) {
                return "not the error shape (" + status + "): " + text;
            }
            if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                return "503 without Retry-After";
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
