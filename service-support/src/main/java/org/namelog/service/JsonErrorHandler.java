package org.namelog.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty answers itself, before a request reaches the app (a malformed or ambiguous URI, a
 * bad header): the services' JSON error shape instead of an HTML page, and never a stack.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body(code).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
    }

    private static String body(int status) {
        String code = status == 404 ? ErrorCode.NOT_FOUND.wire()
                : status == 413 ? ErrorCode.BODY_TOO_LARGE.wire()
                : status >= 500 ? ErrorCode.INTERNAL_ERROR.wire()
                : "http_" + status;
        return "{\"code\":\"" + code + "\",\"error\":\"the request cannot be served as sent (HTTP " + status
                + ")\",\"correlationId\":\"" + UUID.randomUUID() + "\"}";
    }
}
