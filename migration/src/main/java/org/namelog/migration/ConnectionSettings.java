package org.namelog.migration;

import java.util.Map;
import java.util.Objects;

/**
 * Where and as whom the tool connects. The password comes from the environment only
 * ({@code NAMELOG_PASSWORD}, else {@code PGPASSWORD}) and is never printed: {@link #toString()}
 * leaves it out.
 *
 * @param jdbcUrl a {@code jdbc:postgresql://} URL
 * @param user the database user
 * @param password the password, or null to send none (trust, peer, .pgpass handled by the server)
 */
public record ConnectionSettings(String jdbcUrl, String user, String password) {

    public ConnectionSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new MigrationException(ExitCode.USAGE,
                    "--jdbc-url must start with jdbc:postgresql: but was " + jdbcUrl);
        }
        if (user == null || user.isBlank()) {
            throw new MigrationException(ExitCode.USAGE, "no database user: pass --user or set PGUSER");
        }
    }

    /** Settings from the command line, with the user and password defaults read from {@code env}. */
    public static ConnectionSettings of(String jdbcUrl, String userOption, Map<String, String> env) {
        String user = userOption;
        if (user == null || user.isBlank()) {
            user = env.get("PGUSER");
        }
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name");
        }
        String password = env.get("NAMELOG_PASSWORD");
        if (password == null) {
            password = env.get("PGPASSWORD");
        }
        return new ConnectionSettings(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
        return user + "@" + jdbcUrl;
    }
}
