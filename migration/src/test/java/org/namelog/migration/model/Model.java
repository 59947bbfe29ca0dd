package org.namelog.migration.model;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every entry must read back as, known only from acknowledged writes. A write that threw may
 * or may not have happened: its entry holds both candidates until a read settles which one.
 */
final class Model {

    /** A name as written, {@code null} included (a {@code Set} of Strings cannot tell "no name" from "absent"). */
    record Name(String value) {
        @Override
        public String toString() {
            return Names.describe(value);
        }
    }

    private static final class Entry {
        final Set<Name> names = new LinkedHashSet<>();
        final Set<Integer> statuses = new LinkedHashSet<>();
    }

    private final Map<Long, Entry> entries = new TreeMap<>();

    List<Long> ids() {
        return List.copyOf(entries.keySet());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void inserted(long id, String name, int status) {
        Entry entry = new Entry();
        entry.names.add(new Name(name));
        entry.statuses.add(status);
        entries.put(id, entry);
    }

    void renamed(long id, String name) {
        Entry entry = entries.get(id);
        entry.names.clear();
        entry.names.add(new Name(name));
    }

    /** The rename threw: the entry holds its old name or this one. */
    void renameMayHaveHappened(long id, String name) {
        entries.get(id).names.add(new Name(name));
    }

    void statusSet(long id, int status) {
        Entry entry = entries.get(id);
        entry.statuses.clear();
        entry.statuses.add(status);
    }

    void statusMayHaveBeenSet(long id, int status) {
        entries.get(id).statuses.add(status);
    }

    /** The name of this entry if the model is sure of it. */
    Optional<Name> certainName(long id) {
        Entry entry = entries.get(id);
        return entry.names.size() == 1 ? Optional.of(entry.names.iterator().next()) : Optional.empty();
    }

    Optional<Integer> certainStatus(long id) {
        Entry entry = entries.get(id);
        return entry.statuses.size() == 1 ? Optional.of(entry.statuses.iterator().next()) : Optional.empty();
    }

    Set<Name> candidates(long id) {
        return Set.copyOf(entries.get(id).names);
    }

    /** Every name some entry may hold now. */
    Set<Name> allNames() {
        Set<Name> all = new LinkedHashSet<>();
        entries.values().forEach(e -> all.addAll(e.names));
        return all;
    }

    /**
     * Checks one read of an entry; an uncertain entry is settled by the first read that shows one
     * of its candidates.
     *
     * @return what is wrong, or empty if the read is one the model allows
     */
    Optional<String> observe(long id, String name, int status) {
        Entry entry = entries.get(id);
        Name read = new Name(name);
        if (!entry.names.contains(read)) {
            return Optional.of("entry " + id + " read name " + read + " but the last acknowledged write was "
                    + describe(entry.names));
        }
        if (!entry.statuses.contains(status)) {
            return Optional.of("entry " + id + " read status " + status + " but the last acknowledged write was "
                    + entry.statuses);
        }
        settle(entry.names, read);
        settle(entry.statuses, status);
        return Optional.empty();
    }

    private static <T> void settle(Set<T> candidates, T seen) {
        candidates.retainAll(Set.of(seen));
    }

    private static String describe(Collection<Name> names) {
        return names.size() == 1 ? names.iterator().next().toString() : "one of " + names;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        entries.forEach((id, e) -> text.append(' ').append(id).append('=').append(describe(e.names))
                .append('/').append(e.statuses));
        return Objects.toString(text.toString().trim());
    }
}
