package org.namelog.migration;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and as whom the tool connects. The URL comes from {@code --jdbc-url}, else
 * {@code NAMELOG_JDBC_URL}, else the libpq variables {@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGSSLMODE} (see {@link LibpqEnvironment}). The password comes from
 * the environment only ({@code NAMELOG_PASSWORD}, else {@code PGPASSWORD}): a URL that carries
 * one is refused, and {@link #toString()} never shows one.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL without credentials
 * @param user the database user
 * @param password the password, or null to send none (trust, peer, certificate)
 * @param urlSource where the URL came from, for messages ({@code --jdbc-url}, {@code NAMELOG_JDBC_URL}, ...)
 */
public record ConnectionSettings(String jdbcUrl, String user, String password, String urlSource) {

    static final String URL_ENV = "NAMELOG_JDBC_URL";
    static final String PREFIX = "jdbc:postgresql:";

    public ConnectionSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(urlSource, "urlSource");
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new MigrationException(ExitCode.USAGE, urlSource + " must start with " + PREFIX + " but was "
                    + Redaction.redact(jdbcUrl));
        }
        refuseCredentials(jdbcUrl, urlSource);
        if (user == null || user.isBlank()) {
            throw new MigrationException(ExitCode.USAGE, "no database user: pass --user or set PGUSER");
        }
    }

    /**
     * Settings from the command line and the environment. Precedence: {@code --jdbc-url} over
     * {@code NAMELOG_JDBC_URL} over the {@code PG*} variables; {@code --user} over {@code PGUSER}
     * over the OS user.
     *
     * @throws MigrationException {@link ExitCode#USAGE} when no way names a database, or a URL carries a password
     */
    public static ConnectionSettings of(String jdbcUrlOption, String userOption, Map<String, String> env) {
        String user = firstSet(userOption, env.get("PGUSER"), System.getProperty("user.name"));
        String password = env.get("NAMELOG_PASSWORD");
        if (password == null) {
            password = env.get("PGPASSWORD");
        }
        if (isSet(jdbcUrlOption)) {
            return new ConnectionSettings(jdbcUrlOption.strip(), user, password, "--jdbc-url");
        }
        if (isSet(env.get(URL_ENV))) {
            return new ConnectionSettings(env.get(URL_ENV).strip(), user, password, URL_ENV);
        }
        LibpqEnvironment libpq = new LibpqEnvironment(env);
        if (libpq.namesAServer()) {
            return new ConnectionSettings(libpq.jdbcUrl(user), user, password, LibpqEnvironment.SOURCE);
        }
        throw new MigrationException(ExitCode.USAGE, "no database given: pass --jdbc-url jdbc:postgresql://host:5432/db,"
                + " or set " + URL_ENV + " to such a URL, or set PGHOST/PGPORT/PGDATABASE (and PGSSLMODE) as for psql");
    }

    /**
     * Refuses a password in the URL's query ({@code password=}, {@code sslpassword=}, any case,
     * percent-encoded or not) or in its user-info ({@code //user:secret@host}): a command line is
     * seen by {@code ps}, kept in shell history and copied into logs.
     */
    static void refuseCredentials(String url, String source) {
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        if (beforeQuery.startsWith("//")) {
            String authority = beforeQuery.substring(2);
            int slash = authority.indexOf('/');
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0 && authority.substring(0, at).contains(":")) {
                throw passwordRefused(source, "user:password@host");
            }
            if (at >= 0) {
                throw new MigrationException(ExitCode.USAGE, source + " names a user before the host (user@host),"
                        + " which the JDBC driver does not read: remove it and pass --user (or set PGUSER)");
            }
        }
        // the query and anything after it (a fragment, an HTML-escaped &amp;): whatever the driver
        // makes of it, a password there would end up in ps, shell history and logs
        int tail = query >= 0 ? query : rest.indexOf('#');
        if (tail < 0) {
            return;
        }
        Matcher secret = SECRET_PARAMETER.matcher(decode(rest.substring(tail)).toLowerCase(Locale.ROOT));
        if (secret.find()) {
            throw passwordRefused(source, secret.group(1) + "=");
        }
    }

    /** {@code password=} or {@code sslpassword=} after any delimiter, spaces allowed around the name. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?:^|[^a-z0-9_])\\s*(ssl ?password|password)\\s*=");

    private static MigrationException passwordRefused(String source, String form) {
        return new MigrationException(ExitCode.USAGE, source + " carries a password (" + form + "): the tool takes"
                + " no secret in a URL, where ps, shell history and logs would keep it; remove it and set"
                + " NAMELOG_PASSWORD (or PGPASSWORD) in the environment instead (an SSL key's passphrase: leave it"
                + " out and the driver asks for it on the terminal)");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (isSet(value)) {
                return value;
            }
        }
        return null;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** {@code user@url (from source)}: what messages show; never a password. */
    public String describe() {
        return this + " (from " + urlSource + ")";
    }

    @Override
    public String toString() {
        return user + "@" + Redaction.redact(jdbcUrl);
    }
}
