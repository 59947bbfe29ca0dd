package org.namelog.bench.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.namelog.testbed.Dataset;

/**
 * The table's size and the WAL position at one moment.
 *
 * @param tableBytes {@code pg_table_size('namelog')}: heap, TOAST, free space and visibility maps
 * @param totalBytes {@code pg_total_relation_size('namelog')}: the same plus every index
 * @param walLsn {@code pg_current_wal_lsn()} as text
 */
public record TableState(long tableBytes, long totalBytes, String walLsn) {

    static TableState measure(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_table_size('namelog'), pg_total_relation_size('namelog'), pg_current_wal_lsn()::text")) {
            rs.next();
            return new TableState(rs.getLong(1), rs.getLong(2), rs.getString(3));
        }
    }

    /** WAL bytes written since {@code earlier}, by anyone on the server. */
    long walBytesSince(Connection c, TableState earlier) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
            s.setString(1, walLsn);
            s.setString(2, earlier.walLsn);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Dead row versions in namelog now: exact from pgstattuple where the extension is installed,
     * else the statistics' estimate (n_dead_tup).
     */
    static long deadTuples(Connection c, boolean exact) throws SQLException {
        String sql = exact ? "SELECT dead_tuple_count FROM pgstattuple('namelog')"
                : "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'namelog'";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Rows that have a legacy name but no name_id, and rows whose name_id names another text. */
    static long[] missingAndWrong(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FILTER (WHERE l.name IS NOT NULL AND l.name_id IS NULL),"
                        + "     count(*) FILTER (WHERE l.name_id IS NOT NULL AND n.value IS DISTINCT FROM l.name)"
                        + " FROM namelog l LEFT JOIN name n ON n.id = l.name_id")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /**
     * Dataset rows whose "timestamp" is not the one they were loaded with, leaving out the ids the
     * writers may have updated (multiples of {@code updatedModulus}; 0 if no writer ran): their
     * trigger refreshed it on purpose.
     */
    static long changedTimestamps(Connection c, Dataset dataset, int updatedModulus) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM namelog l"
                + " WHERE l.id <= ? AND l.\"timestamp\" <> " + Dataset.loadedTimestampSql("l.id")
                + (updatedModulus > 0 ? " AND l.id % " + updatedModulus + " <> 0" : ""))) {
            s.setLong(1, dataset.rows());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
