package org.namelog.migration.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.NameLogEntry;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;

/** What must hold after every step, checked against the model (DESIGN.md invariants 1, 3, 6 and 8). */
final class Invariants {

    private Invariants() {
    }

    /** After every action. */
    static void check(Rollout r) {
        everyAcknowledgedWriteReadsBackFromEveryInstance(r);
        findByNameFindsExactlyTheEntriesOfThatName(r);
        noInstanceReadsThroughNameIdWhileAnotherWritesWithoutIt(r);
    }

    /**
     * Every entry, read by id from every instance that serves now, has exactly the name and status
     * of its last acknowledged write. An instance that refuses (database unreachable, stale) is
     * allowed to; one that answers must answer right.
     */
    static void everyAcknowledgedWriteReadsBackFromEveryInstance(Rollout r) {
        for (Instance instance : r.fleet.gettingCalls().toList()) {
            for (long id : r.model.ids()) {
                Optional<NameLogEntry> read;
                try {
                    read = instance.dao().findById(id);
                } catch (NameLogDaoException refused) {
                    break;
                }
                if (read.isEmpty()) {
                    fail(r, instance.id + " [" + instance.paths() + "] does not find entry " + id + " any more");
                }
                NameLogEntry entry = read.get();
                r.model.observe(id, entry.name(), entry.status())
                        .ifPresent(problem -> fail(r, instance.id + " [" + instance.paths() + "]: " + problem));
            }
        }
    }

    /** findByName returns every entry of that name, and none the model says has another name. */
    static void findByNameFindsExactlyTheEntriesOfThatName(Rollout r) {
        Set<String> names = new LinkedHashSet<>();
        for (long id : r.model.ids()) {
            r.model.certainName(id).map(Model.Name::value).ifPresent(name -> {
                if (names.size() < 4) {
                    names.add(name);
                }
            });
        }
        names.remove(null);
        for (Instance instance : r.fleet.gettingCalls().toList()) {
            for (String name : names) {
                List<NameLogEntry> found;
                try {
                    found = instance.dao().findByName(name, 0, 1000);
                } catch (NameLogDaoException refused) {
                    break;
                }
                Set<Long> modelIds = new TreeSet<>(r.model.ids());
                Set<Long> foundIds = new TreeSet<>();
                found.stream().map(NameLogEntry::id).filter(modelIds::contains).forEach(foundIds::add);
                Set<Long> expected = new TreeSet<>();
                Set<Long> allowed = new TreeSet<>();
                for (long id : modelIds) {
                    Set<Model.Name> candidates = r.model.candidates(id);
                    if (candidates.contains(new Model.Name(name))) {
                        allowed.add(id);
                        if (candidates.size() == 1) {
                            expected.add(id);
                        }
                    }
                }
                if (!foundIds.containsAll(expected) || !allowed.containsAll(foundIds)) {
                    fail(r, instance.id + " [" + instance.paths() + "]: findByName(" + Names.describe(name)
                            + ") found entries " + foundIds + "; the model says " + expected);
                }
            }
        }
    }

    /**
     * No instance reads through name_id while another may write without it, and none reads the
     * text while another writes rows without text: the paths in use must be compatible pairwise,
     * as within one instance ({@code Paths} refuses both mixes). "Reads" and "writes" are tested
     * with calls that change nothing (a read by id; an entry's status set to what it is): an
     * instance that refuses them does not serve, and so cannot break anything.
     */
    static void noInstanceReadsThroughNameIdWhileAnotherWritesWithoutIt(Rollout r) {
        List<Instance> reachable = r.fleet.gettingCalls().filter(i -> !i.cutOff()).toList();
        for (Instance reader : reachable) {
            for (Instance writer : reachable) {
                if (reader == writer || !writer.writes) {
                    continue;
                }
                ReadPath read = reader.paths().read();
                WritePath write = writer.paths().write();
                boolean newReadLegacyWrite = read == ReadPath.NEW && write == WritePath.LEGACY;
                boolean textReadNewWrite = read != ReadPath.NEW && write == WritePath.NEW;
                if ((newReadLegacyWrite || textReadNewWrite) && serves(r, reader, writer)) {
                    fail(r, writer + " [" + writer.paths() + "] writes " + (newReadLegacyWrite ? "without name_id while "
                            : "without the text while ") + reader + " [" + reader.paths() + "] reads "
                            + (newReadLegacyWrite ? "through name_id" : "the text") + " (fleet phase " + r.phase() + ")");
                }
            }
        }
    }

    private static boolean serves(Rollout r, Instance reader, Instance writer) {
        Optional<Long> probe = r.model.ids().stream().filter(id -> r.model.certainStatus(id).isPresent()).findFirst();
        if (probe.isEmpty()) {
            return false;
        }
        long id = probe.get();
        try {
            reader.dao().findById(id);
            writer.dao().updateStatus(id, r.model.certainStatus(id).get());
            return true;
        } catch (NameLogDaoException refused) {
            return false;
        }
    }

    /**
     * Right after {@code verify} passed, every entry reads its model name through name_id (where
     * name_id is NULL a reader falls back to the text while the column exists): that is what the
     * verification vouches for.
     */
    static void verifiedRowsReadRightThroughNameId(Rollout r) {
        if (!r.hasColumn("name_id")) {
            return;
        }
        boolean text = r.hasColumn("name");
        for (List<Object> row : r.db.queryRows("SELECT l.id, l.name_id, n.value, "
                + (text ? "l.name" : "NULL::text") + " FROM namelog l LEFT JOIN name n ON n.id = l.name_id ORDER BY l.id")) {
            long id = ((Number) row.get(0)).longValue();
            if (!r.model.ids().contains(id)) {
                continue;
            }
            String throughNameId = row.get(1) != null ? (String) row.get(2) : (String) row.get(3);
            Optional<Model.Name> expected = r.model.certainName(id);
            if (expected.isPresent() && !new Model.Name(throughNameId).equals(expected.get())) {
                fail(r, "verify passed, yet entry " + id + " reads " + Names.describe(throughNameId)
                        + " through name_id (name_id " + row.get(1) + ", text " + Names.describe((String) row.get(3))
                        + "); its last acknowledged write was " + expected.get());
            }
        }
    }

    private static void fail(Rollout r, String what) {
        throw new AssertionError(what + "\n  model: " + r.model + "\n  fleet: " + r.fleet
                + "\n  steps:\n  " + r.history());
    }
}
