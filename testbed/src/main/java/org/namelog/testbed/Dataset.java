package org.namelog.testbed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * The NameLog rows the demo and the benchmarks load: {@code rows} entries whose names are drawn
 * from {@code names} distinct names with a skew like real names (a few very common, a long tail).
 *
 * <p>Every column is a deterministic function of the row id, computed the same way in SQL (so that
 * millions of rows load in seconds, inside the server) and in Java (so that a checker knows what
 * any loaded row must read back as without storing it):
 *
 * <ul>
 *   <li>{@code id} = i, {@code status} = i mod 5, {@code "timestamp"} = 2020-01-01 + i seconds (so
 *       that a changed {@code "timestamp"} is found without a copy of the table);
 *   <li>name of rank k: {@code name-<k, 6 digits>-<first 8 hex digits of md5(k)>} (20 characters),
 *       where k comes from a scrambled id through a cubic transform: P(rank ≤ r) ≈ (r / names)^(1/3);
 *   <li>with {@linkplain #withEdgeCases edge cases}: one row in 997 has a NULL name and one in
 *       1009 a name with accents, so the NULL and Unicode paths stay in the mix.
 * </ul>
 *
 * @param rows how many rows (ids 1 to rows)
 * @param names how many distinct names the rows draw from (1 to 999,999)
 * @param edgeCases whether NULL and accented names are mixed in
 */
public record Dataset(long rows, int names, boolean edgeCases) {

    private static final long PRIME = 1_000_003L;
    private static final long SCRAMBLE = 2_654_435_761L;
    private static final String ACCENTED = "Zoë Ünïcode ";

    public Dataset {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1 but was " + rows);
        }
        if (names < 1 || names > 999_999) {
            throw new IllegalArgumentException("names must be 1 to 999,999 but was " + names);
        }
    }

    /** Plain names only (the benchmarks' default, comparable across runs). */
    public Dataset(long rows, int names) {
        this(rows, names, false);
    }

    /** The same rows with NULL and accented names mixed in. */
    public Dataset withEdgeCases() {
        return new Dataset(rows, names, true);
    }

    /** The "timestamp" a row was loaded with, as SQL over its id column {@code idColumn}. */
    public static String loadedTimestampSql(String idColumn) {
        return "(timestamptz '2020-01-01 00:00:00+00' + " + idColumn + " * interval '1 second')";
    }

    /**
     * Fills {@code namelog} (legacy schema, empty), moves its id sequence past the rows, and
     * freezes and analyzes it, so that every copy starts with hint bits set and statistics current.
     *
     * @param progress told the last id loaded after every chunk
     */
    public void load(Connection connection, LongConsumer progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            long chunk = 500_000;
            for (long from = 1; from <= rows; from += chunk) {
                long to = Math.min(rows, from + chunk - 1);
                s.execute("INSERT INTO namelog (id, name, status, \"timestamp\")"
                        + " SELECT g, " + nameSql("g") + ", (g % 5)::int, " + loadedTimestampSql("g")
                        + " FROM generate_series(" + from + "::bigint, " + to + ") g");
                progress.accept(to);
            }
            s.execute("SELECT setval(pg_get_serial_sequence('namelog', 'id'), " + rows + ")");
            s.execute("VACUUM (FREEZE, ANALYZE) namelog");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** {@link #load(Connection, LongConsumer)} without progress. */
    public void load(Connection connection) throws SQLException {
        load(connection, id -> { });
    }

    /** The name row {@code id} was loaded with (null for the NULL edge case). */
    public String nameFor(long id) {
        if (edgeCases && id % 997 == 0) {
            return null;
        }
        int rank = rankFor(id);
        return edgeCases && id % 1009 == 0 ? ACCENTED + rank : name(rank);
    }

    /** The status row {@code id} was loaded with. */
    public static int statusFor(long id) {
        return (int) (id % 5);
    }

    /** The name of rank {@code k} (1 to {@link #names()}), exactly as {@link #load} writes it. */
    public String name(int k) {
        if (k < 1 || k > names) {
            throw new IllegalArgumentException("rank must be 1 to " + names + " but was " + k);
        }
        return String.format(Locale.ROOT, "name-%06d-%s", k, md5Hex(Integer.toString(k)).substring(0, 8));
    }

    /** A rank drawn with the distribution of the loaded rows. */
    public int drawRank(RandomGenerator random) {
        return rankOf(random.nextLong(PRIME));
    }

    /** A name drawn with the distribution of the loaded rows. */
    public String drawName(RandomGenerator random) {
        return name(drawRank(random));
    }

    /** The rank of row {@code id}'s name. */
    int rankFor(long id) {
        return rankOf(Math.floorMod(id * SCRAMBLE, PRIME));
    }

    private int rankOf(long k) {
        long cubic = k * k / PRIME * k / PRIME;
        return (int) (1 + cubic * names / PRIME);
    }

    /** {@link #nameFor(long)} as SQL over a bigint expression {@code id}: the same integer arithmetic. */
    String nameSql(String id) {
        String k = "((" + id + " * " + SCRAMBLE + ") % " + PRIME + ")";
        String rank = "(1 + (" + k + " * " + k + " / " + PRIME + " * " + k + " / " + PRIME + ") * " + names
                + " / " + PRIME + ")";
        String plain = "'name-' || lpad(" + rank + "::text, 6, '0') || '-' || substr(md5(" + rank + "::text), 1, 8)";
        if (!edgeCases) {
            return plain;
        }
        return "CASE WHEN " + id + " % 997 = 0 THEN NULL WHEN " + id + " % 1009 = 0 THEN '" + ACCENTED + "' || "
                + rank + " ELSE " + plain + " END";
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
