package org.namelog.demo;

/**
 * The names of the preloaded rows: a deterministic function of the row id, computed the same way
 * in SQL (to load millions of rows fast) and in Java (so the load generator knows what every
 * preloaded row must read back as, without storing it).
 *
 * <p>Skewed like real names: a cubic transform of a scrambled id gives ~20,000 distinct names
 * where the most common few cover a large share of the rows. About one row in a thousand has a
 * NULL name and one in a thousand a name with accents, to keep the edge cases in the mix.
 */
public final class NameDistribution {

    private static final long PRIME = 1_000_003L;
    private static final long SCRAMBLE = 2_654_435_761L;

    private NameDistribution() {}

    /** The name row {@code id} was loaded with. */
    public static String nameFor(long id) {
        if (id % 997 == 0) {
            return null;
        }
        long rank = rank(id);
        return (id % 1009 == 0 ? "Zoë Ünïcode " : "customer-") + rank;
    }

    /** The status row {@code id} was loaded with. */
    public static int statusFor(long id) {
        return (int) (id % 5);
    }

    static long rank(long id) {
        long k = Math.floorMod(id * SCRAMBLE, PRIME);
        return k * k / PRIME * k / PRIME / 50;
    }

    /** The same as {@link #nameFor(long)}, as SQL over a bigint column or expression {@code id}. */
    public static String nameSql(String id) {
        String k = "((" + id + " * " + SCRAMBLE + ") % " + PRIME + ")";
        String rank = "(" + k + " * " + k + " / " + PRIME + " * " + k + " / " + PRIME + " / 50)";
        return "CASE WHEN " + id + " % 997 = 0 THEN NULL"
                + " WHEN " + id + " % 1009 = 0 THEN 'Zoë Ünïcode ' || " + rank
                + " ELSE 'customer-' || " + rank + " END";
    }

    /** A name for a new entry: mostly existing ones (skewed), sometimes one never seen before. */
    public static String newEntryName(java.util.random.RandomGenerator random, long unique) {
        if (random.nextInt(10) == 0) {
            return "new-customer-" + unique;
        }
        return "customer-" + rank(random.nextLong(1, Long.MAX_VALUE / SCRAMBLE));
    }
}
