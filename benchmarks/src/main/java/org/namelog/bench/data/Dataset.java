package org.namelog.bench.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The benchmark's NameLog rows: {@code rows} entries whose names are drawn from {@code names}
 * distinct names of 20 characters with a Zipf-like (s = 1) distribution, generated inside
 * PostgreSQL so that millions of rows load in seconds.
 *
 * <p>Name of rank k: {@code name-<k, 6 digits>-<first 8 hex digits of md5(k)>}. Rank k is drawn as
 * {@code floor(exp(u * ln(names + 1)))} for uniform u, so P(k) = ln(1 + 1/k) / ln(names + 1), which
 * falls off as 1/k like Zipf's law. Row i has id i and "timestamp" 2020-01-01 + i seconds, so that
 * a changed "timestamp" can be found without a copy of the table.
 *
 * @param rows how many rows
 * @param names how many distinct names the rows draw from
 */
public record Dataset(long rows, int names) {

    /** The "timestamp" a row was loaded with, as a SQL expression over its id column {@code idColumn}. */
    public static String loadedTimestampSql(String idColumn) {
        return "(timestamptz '2020-01-01 00:00:00+00' + " + idColumn + " * interval '1 second')";
    }

    public Dataset {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1 but was " + rows);
        }
        if (names < 1 || names > 999_999) {
            throw new IllegalArgumentException("names must be 1 to 999,999 but was " + names);
        }
    }

    /**
     * Fills {@code namelog} (legacy schema, empty) and freezes it, so that every copy starts with
     * hint bits set and statistics current.
     */
    public void load(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT setseed(0.42)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO namelog (id, name, status, \"timestamp\")"
                            + " SELECT g, 'name-' || lpad(k::text, 6, '0') || '-' || substr(md5(k::text), 1, 8),"
                            + "        floor(random() * 5)::int,"
                            + "        timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second'"
                            + " FROM (SELECT g, least(?, floor(exp(random() * ln(? + 1)))::int) AS k"
                            + "       FROM generate_series(1::bigint, ?) g) drawn")) {
                insert.setInt(1, names);
                insert.setInt(2, names);
                insert.setLong(3, rows);
                insert.executeUpdate();
            }
            s.execute("SELECT setval(pg_get_serial_sequence('namelog', 'id'), " + rows + ")");
            s.execute("VACUUM (FREEZE, ANALYZE) namelog");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The name of rank {@code k} (1 to {@link #names()}), exactly as {@link #load} writes it. */
    public String name(int k) {
        if (k < 1 || k > names) {
            throw new IllegalArgumentException("rank must be 1 to " + names + " but was " + k);
        }
        return String.format(Locale.ROOT, "name-%06d-%s", k, md5Hex(Integer.toString(k)).substring(0, 8));
    }

    /** A rank drawn as {@link #load} draws them. */
    public int drawRank(RandomGenerator random) {
        return (int) Math.min(names, Math.floor(Math.exp(random.nextDouble() * Math.log(names + 1.0))));
    }

    /** A name drawn as {@link #load} draws them. */
    public String drawName(RandomGenerator random) {
        return name(Math.max(1, drawRank(random)));
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
