package org.namelog.migration.backfill;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.namelog.migration.backfill.Backfill.Direction;

/**
 * The backfill's checkpoints: per direction, one row per slice, a range of ids one worker walks.
 * Each batch advances its slice's row in its own statement (see {@link BatchTransaction}); this
 * class plans the slices when a run begins. A checkpoint belongs to one fleet epoch and one
 * {@code name} table: after a step back, or with a recreated table, it is not trusted and the run
 * starts over from the first id.
 */
final class CheckpointStore {

    /**
     * The slices a run walks.
     *
     * @param pending the slices whose keyset pass is not done
     * @param totalIds ids of every slice
     * @param doneIds ids already walked
     * @param finishedBefore the whole backfill had finished in this epoch before
     */
    record Plan(List<Slice> pending, long totalIds, long doneIds, boolean finishedBefore) {
    }

    private final BatchSession session;
    private final Direction direction;
    private final Consumer<String> say;

    CheckpointStore(BatchSession session, Direction direction, Consumer<String> say) {
        this.session = session;
        this.direction = direction;
        this.say = say;
    }

    /**
     * Resumes the checkpoint when it belongs to this epoch and name table, else starts over; then
     * splits the pending ranges until there is one per worker (so a run resumes with any number).
     */
    Plan plan(int workers, int minSliceIds, long epoch, long nameTable) {
        return session.committed(m -> {
            List<Slice> slices = m.slices(direction.key());
            String stale = staleness(slices, epoch, nameTable);
            if (slices.isEmpty() || stale != null) {
                if (stale != null) {
                    say.accept("the " + direction.key() + " checkpoint " + stale + ": not trusted, starting over from"
                            + " the first id");
                }
                m.deleteSlices(direction.key());
                slices = fresh(m, workers, minSliceIds, epoch, nameTable);
            }
            List<Slice> pending = new ArrayList<>(slices.stream().filter(s -> !s.keysetDone()).toList());
            int nextNumber = slices.stream().mapToInt(Slice::slice).max().orElse(-1) + 1;
            while (pending.size() < workers) {
                Slice largest = pending.stream().max(Comparator.comparingLong(Slice::remaining)).orElse(null);
                if (largest == null || largest.remaining() < 2L * minSliceIds) {
                    break;
                }
                long mid = largest.lastId() + largest.remaining() / 2;
                m.shortenSlice(direction.key(), largest.slice(), mid);
                Slice shortened = new Slice(largest.slice(), largest.firstId(), mid, largest.lastId(), false, epoch,
                        nameTable, false);
                Slice split = new Slice(nextNumber++, mid, largest.endId(), mid, false, epoch, nameTable, false);
                m.insertSlice(direction.key(), split.slice(), split.firstId(), split.endId(), split.lastId(), epoch,
                        nameTable);
                pending.remove(largest);
                pending.add(shortened);
                pending.add(split);
            }
            pending.sort(Comparator.comparingLong(Slice::firstId));
            List<Slice> all = m.slices(direction.key());
            long total = all.stream().mapToLong(s -> s.endId() - s.firstId()).sum();
            long done = all.stream().mapToLong(s -> s.lastId() - s.firstId()).sum();
            boolean finished = !all.isEmpty() && all.stream().allMatch(Slice::finished);
            return new Plan(pending, total, done, finished);
        });
    }

    private static String staleness(List<Slice> slices, long epoch, long nameTable) {
        for (Slice s : slices) {
            if (s.endId() < 0 || s.nameTable() < 0) {
                return "was written by an older version of the tool";
            }
            if (s.epoch() != epoch) {
                return "was taken in fleet epoch " + s.epoch() + " and the fleet is now in epoch " + epoch
                        + " (a step back since)";
            }
            if (s.nameTable() != nameTable) {
                return "belongs to a name table that no longer exists (rollback and expand since)";
            }
        }
        return null;
    }

    private List<Slice> fresh(BackfillMapper m, int workers, int minSliceIds, long epoch, long nameTable) {
        IdRange bounds = m.idBounds();
        long span = bounds.endId() - bounds.firstId();
        int count = (int) Math.max(1, Math.min(workers, span / Math.max(1, minSliceIds)));
        List<Slice> slices = new ArrayList<>();
        long from = bounds.firstId();
        for (int i = 0; i < count; i++) {
            long to = i == count - 1 ? bounds.endId() : bounds.firstId() + span * (i + 1) / count;
            m.insertSlice(direction.key(), i, from, to, from, epoch, nameTable);
            slices.add(new Slice(i, from, to, from, from >= to, epoch, nameTable, false));
            from = to;
        }
        return slices;
    }

    void markFinished() {
        session.call(m -> m.markFinished(direction.key()));
    }
}
