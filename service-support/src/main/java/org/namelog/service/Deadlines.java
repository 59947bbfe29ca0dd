package org.namelog.service;

import java.time.Duration;
import java.util.List;

/**
 * How long a request, a statement and a silent socket may take. Validated with the rest of the
 * {@link ServiceConfig}.
 *
 * <p>One attempt at the database takes at most the pool's connection timeout plus the socket
 * timeout: the server ends a statement at {@code statementTimeout} (a slow database answers
 * with an error), and the driver gives up on a socket silent for {@code socketTimeout} (a
 * database whose packets are dropped). The request's deadline leaves room for one attempt; a
 * retry runs only if another whole attempt still fits.
 *
 * @param request the deadline of one request's database work, retries included
 *     ({@code NAMELOG_REQUEST_TIMEOUT}, default 8s)
 * @param statement the server's {@code statement_timeout} on the service's connections
 *     ({@code NAMELOG_DB_STATEMENT_TIMEOUT}, default 3s: longer than
 *     the migration tool's default lock timeout of 2s, so a request queued behind its DDL still ends well)
 * @param socket how long the driver waits on a silent connection, whole seconds, longer than the
 *     statement timeout ({@code NAMELOG_DB_SOCKET_TIMEOUT}, default 4s)
 */
public record Deadlines(Duration request, Duration statement, Duration socket) {

    public static Deadlines defaults() {
        return new Deadlines(Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    /** Adds what is wrong with these deadlines, given the pool's connection timeout, to {@code problems}. */
    void check(Duration connectTimeout, List<String> problems) {
        if (request == null || statement == null || socket == null) {
            problems.add("NAMELOG_REQUEST_TIMEOUT, NAMELOG_DB_STATEMENT_TIMEOUT and NAMELOG_DB_SOCKET_TIMEOUT must be set");
            return;
        }
        if (statement.compareTo(Duration.ofMillis(100)) < 0) {
            problems.add("NAMELOG_DB_STATEMENT_TIMEOUT must be at least 100ms but was " + statement);
        }
        if (socket.toMillis() % 1000 != 0 || socket.compareTo(statement) <= 0) {
            problems.add("NAMELOG_DB_SOCKET_TIMEOUT must be whole seconds and longer than NAMELOG_DB_STATEMENT_TIMEOUT ("
                    + statement + "), so that a slow statement ends on the server's clock, but was " + socket);
        }
        if (connectTimeout != null && connectTimeout.plus(socket).compareTo(request) > 0) {
            problems.add("NAMELOG_REQUEST_TIMEOUT (" + request + ") must leave room for one attempt:"
                    + " at least NAMELOG_DB_CONNECT_TIMEOUT (" + connectTimeout + ") + NAMELOG_DB_SOCKET_TIMEOUT ("
                    + socket + ")");
        }
    }

    /** The most one attempt at the database takes: a connection from the pool, then a silent socket. */
    public Duration attempt(Duration connectTimeout) {
        return connectTimeout.plus(socket);
    }
}
