package org.namelog.migration.verify;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.namelog.migration.state.MyBatis;

/**
 * Streams through namelog in keyset batches (each a short read) and checks every row both ways:
 * {@code name} is NULL exactly when {@code name_id} is, and otherwise equals the value of its
 * {@code name_id}; then that Name holds no duplicates. Keeps the first mismatches with their ids.
 *
 * <p>Only a check: whether it may run and what its result is worth (the epoch it was taken under)
 * is the rollout's business.
 */
public final class Verification {

    /** What verify found. */
    public record Report(long lastId, long mismatches, List<Mismatch> first, List<Mismatch> duplicates) {
        public boolean ok() {
            return mismatches == 0 && duplicates.isEmpty();
        }
    }

    private final Connection connection;
    private final int batchSize;
    private final int keep;
    private final PrintStream out;

    public Verification(Connection connection, int batchSize, int keep, PrintStream out) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 but was " + batchSize);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1 but was " + keep);
        }
        this.connection = connection;
        this.batchSize = batchSize;
        this.keep = keep;
        this.out = out;
    }

    public Report run() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new VerificationException("verify cannot use its connection: " + e.getMessage(), e);
        }
        try (SqlSession session = MyBatis.on(connection)) {
            VerifyMapper m = session.getMapper(VerifyMapper.class);
            long after = 0;
            long mismatches = 0;
            long lastPrint = System.nanoTime();
            List<Mismatch> first = new ArrayList<>();
            while (true) {
                Long upper = m.upperBound(after, batchSize - 1);
                if (upper == null) {
                    upper = m.maxIdAfter(after);
                }
                if (upper == null) {
                    break;
                }
                long found = m.countMismatchesInRange(after, upper);
                if (found > 0) {
                    mismatches += found;
                    if (first.size() < keep) {
                        first.addAll(m.mismatchesInRange(after, upper, keep - first.size()));
                    }
                }
                after = upper;
                if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                    out.println("verify: checked up to id " + after + ", " + mismatches + " mismatches so far");
                    lastPrint = System.nanoTime();
                }
            }
            List<Mismatch> duplicates = m.duplicateNames(keep);
            return new Report(after, mismatches, first, duplicates);
        }
    }
}
