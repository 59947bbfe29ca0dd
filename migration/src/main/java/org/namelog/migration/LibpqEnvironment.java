package org.namelog.migration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JDBC URL from the variables psql reads ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
 * {@code PGSSLMODE}), with psql's defaults: host {@code localhost}, port 5432, the database named
 * after the user. Comma-separated host and port lists become the driver's multi-host URL. Used
 * only when neither {@code --jdbc-url} nor {@code NAMELOG_JDBC_URL} is given; it names a server
 * when at least one of {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE} is set.
 */
final class LibpqEnvironment {

    static final String SOURCE = "PGHOST/PGPORT/PGDATABASE";

    /** libpq's sslmode values; the JDBC driver takes the same words. */
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    private final String host;
    private final String port;
    private final String database;
    private final String sslMode;

    LibpqEnvironment(Map<String, String> env) {
        this.host = blankToNull(env.get("PGHOST"));
        this.port = blankToNull(env.get("PGPORT"));
        this.database = blankToNull(env.get("PGDATABASE"));
        this.sslMode = blankToNull(env.get("PGSSLMODE"));
    }

    boolean namesAServer() {
        return host != null || port != null || database != null;
    }

    /** The URL, for {@code user} (the database's default name). */
    String jdbcUrl(String user) {
        List<String> hosts = List.of((host == null ? "localhost" : host).split(",", -1));
        List<String> ports = List.of((port == null ? "5432" : port).split(",", -1));
        if (ports.size() != 1 && ports.size() != hosts.size()) {
            throw usage("PGPORT lists " + ports.size() + " ports for " + hosts.size() + " hosts in PGHOST:"
                    + " give one port, or one per host");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            addresses.add(address(hosts.get(i).strip()) + ":" + port(ports.get(ports.size() == 1 ? 0 : i).strip()));
        }
        String name = database == null ? user : database;
        StringBuilder url = new StringBuilder(ConnectionSettings.PREFIX).append("//").append(String.join(",", addresses))
                .append('/').append(URLEncoder.encode(name, StandardCharsets.UTF_8));
        if (sslMode != null) {
            if (!SSL_MODES.contains(sslMode)) {
                throw usage("PGSSLMODE must be one of " + String.join(", ", SSL_MODES.stream().sorted().toList())
                        + " but was " + sslMode);
            }
            url.append("?sslmode=").append(sslMode);
        }
        return url.toString();
    }

    private static String address(String host) {
        if (host.isEmpty()) {
            throw usage("PGHOST holds an empty host name: set it to a host name or address");
        }
        if (host.startsWith("/") || host.startsWith("@")) {
            throw usage("PGHOST=" + host + " is a Unix-domain socket, which the JDBC driver cannot use:"
                    + " set PGHOST to a host name (e.g. localhost) or pass --jdbc-url");
        }
        // An IPv6 literal needs brackets in a URL.
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String port(String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage("PGPORT must be a port number (1-65535) but was " + port);
    }

    private static MigrationException usage(String message) {
        return new MigrationException(ExitCode.USAGE, message);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
