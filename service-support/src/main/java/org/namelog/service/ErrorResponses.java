package org.namelog.service;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.namelog.dao.DataRejectedException;
import org.namelog.dao.DatabaseUnavailableException;
import org.namelog.dao.InvalidNameException;
import org.namelog.dao.NameLogDaoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failed request answers the same JSON shape:
 *
 * <pre>{"code": "invalid_field", "error": "status is missing: send a whole number",
 *  "field": "status", "correlationId": "9f1c..."}</pre>
 *
 * <p>{@code code} is an {@link ErrorCode}; {@code error} a short message naming the field or the
 * condition; {@code field} only where one input is at fault; {@code correlationId} is also in the
 * {@value #CORRELATION_HEADER} response header and in the service's log line about the request. A
 * client may send its own {@value #CORRELATION_HEADER} (1 to 64 of {@code A-Z a-z 0-9 . _ : -});
 * otherwise the service makes one.
 *
 * <p>What never leaves the service, neither in a body nor in a log line: SQL, PostgreSQL's
 * message and detail (they may hold a row's data: {@code Failing row contains (...)}), a host,
 * pool statistics, a name. Logs carry the correlation id, the route, SQLStates and constraint
 * names; an unexpected failure is logged with its stack trace and exception types, but not their
 * messages.
 */
final class ErrorResponses {

    static final String CORRELATION_HEADER = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final String ATTRIBUTE = "namelog.correlationId";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private ErrorResponses() {}

    static void install(Javalin app) {
        app.before(ErrorResponses::correlationId);
        app.exception(BadRequestException.class, (e, ctx) -> answer(ctx,
                "body".equals(e.field()) ? ErrorCode.INVALID_BODY : ErrorCode.INVALID_FIELD, e.getMessage(), e.field()));
        app.exception(InvalidNameException.class, (e, ctx) ->
                answer(ctx, ErrorCode.INVALID_FIELD, e.getMessage(), "name"));
        app.exception(NotFoundException.class, (e, ctx) -> answer(ctx, ErrorCode.NOT_FOUND, e.getMessage(), null));
        app.exception(BodyTooLargeException.class, (e, ctx) -> {
            // the rest of the body is not wanted: close rather than read it to keep the connection
            ctx.header("Connection", "close");
            answer(ctx, ErrorCode.BODY_TOO_LARGE, e.getMessage(), "body");
        });
        app.exception(DataRejectedException.class, ErrorResponses::rejected);
        app.exception(DatabaseUnavailableException.class, ErrorResponses::unavailable);
        app.exception(HttpResponseException.class, ErrorResponses::framework);
        app.exception(NameLogDaoException.class, (e, ctx) -> unexpected(e, ctx));
        app.exception(Exception.class, ErrorResponses::unexpected);
    }

    /** The request's correlation id: the client's if it sent a usable one, else a new one. */
    static String correlationId(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            String sent = ctx.header(CORRELATION_HEADER);
            id = sent != null && CLIENT_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(CORRELATION_HEADER, id);
        }
        return id;
    }

    private static void rejected(DataRejectedException e, Context ctx) {
        boolean conflict = e.kind() == DataRejectedException.Kind.CONFLICT;
        String condition = e.constraint() != null ? "constraint " + e.constraint()
                : e.column() != null ? "column " + e.column() : "SQLState " + e.sqlState();
        log.warn("request {}: {} {} refused by the database: SQLState {}, {}", correlationId(ctx), ctx.method(),
                route(ctx), e.sqlState(), condition);
        answer(ctx, conflict ? ErrorCode.CONFLICT : ErrorCode.CONSTRAINT_VIOLATION,
                (conflict ? "the entry conflicts with stored data" : "the database refused the entry")
                        + " (" + condition + "); nothing was written: change the data",
                e.column());
    }

    private static void unavailable(DatabaseUnavailableException e, Context ctx) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        log.warn("request {}: {} {}: {}", correlationId(ctx), ctx.method(), route(ctx), e.getMessage());
        ctx.header("Retry-After", Long.toString(seconds));
        // the DAO's message names the operation and condition only (no host, no pool statistics)
        answer(ctx, ErrorCode.DATABASE_UNAVAILABLE, e.getMessage(), null);
    }

    private static void framework(HttpResponseException e, Context ctx) {
        switch (e.getStatus()) {
            case 404 -> answer(ctx, ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + route(ctx), null);
            case 413 -> answer(ctx, ErrorCode.BODY_TOO_LARGE, "the body is larger than this service accepts: send less",
                    "body");
            case 400 -> answer(ctx, ErrorCode.INVALID_FIELD, "the request is malformed", null);
            default -> {
                // another framework answer (405, ...): keep its status, with our shape
                Map<String, Object> body = body(ctx, "http_" + e.getStatus(), "the request cannot be served as sent", null);
                ctx.status(e.getStatus()).json(body);
            }
        }
    }

    private static void unexpected(Exception e, Context ctx) {
        String id = correlationId(ctx);
        log.error("request {}: {} {} failed unexpectedly", id, ctx.method(), route(ctx), scrubbed(e));
        answer(ctx, ErrorCode.INTERNAL_ERROR, "the service failed; report correlation id " + id, null);
    }

    private static void answer(Context ctx, ErrorCode code, String message, String field) {
        if (code.status() < 500 && code != ErrorCode.CONFLICT && code != ErrorCode.CONSTRAINT_VIOLATION) {
            // the client's mistake: one line with the id, never the message (it may quote the input)
            log.info("request {}: {} {} answered {} {}{}", correlationId(ctx), ctx.method(), route(ctx), code.status(),
                    code.wire(), field == null ? "" : " (field " + field + ")");
        }
        ctx.status(code.status()).json(body(ctx, code.wire(), message, field));
    }

    private static Map<String, Object> body(Context ctx, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        body.put("correlationId", correlationId(ctx));
        return body;
    }

    /** The route template ({@code /entries/{id}}), never the path as sent (it is the client's input). */
    static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path == null || path.isEmpty() ? "UNMATCHED" : path;
        } catch (RuntimeException e) {
            return "UNMATCHED";
        }
    }

    /**
     * The failure with its types, SQLStates and stack frames, but none of its messages: a driver's
     * message may hold a row's data, a host or pool statistics.
     */
    static Throwable scrubbed(Throwable failure) {
        Throwable cause = failure.getCause() == null || failure.getCause() == failure ? null : scrubbed(failure.getCause());
        String state = failure instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLState " + sql.getSQLState() + ")" : "";
        Throwable copy = new ScrubbedFailure(failure.getClass().getName() + state, cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** Stands in for a failure whose message is withheld. */
    private static final class ScrubbedFailure extends RuntimeException {
        ScrubbedFailure(String what, Throwable cause) {
            super(what + " [message withheld]", cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
