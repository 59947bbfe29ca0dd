package org.namelog.dao.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Name value to {@code name.id}, each id tagged with the {@code name} table generation it was read
 * under. Bounded by the heap the names take, not by their count: one megabyte-long name weighs as
 * much as thousands of short ones.
 *
 * <p>Only ids of committed Name rows may be put here: an id from a rolled-back transaction would
 * point nowhere (or, worse, at a later row that reuses it). An id is returned only to a call of
 * the generation it was put under: a recreated table numbers from 1 again, so an old id may name
 * another name there. The tag travels with the entry, so a put racing a {@link #clear()} can never
 * leave an old id visible to the new generation.
 */
public final class NameCache {

    /** Object header, String fields, array header, the entry: roughly what an entry costs besides its chars. */
    private static final int ENTRY_OVERHEAD_BYTES = 80;

    private record Entry(long id, long generation) {}

    private final Cache<String, Entry> ids;

    public NameCache(long maxBytes, MeterRegistry registry) {
        this.ids = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher(NameCache::weigh)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, ids, "namelog.name.ids");
    }

    private static int weigh(String name, Entry entry) {
        long bytes = ENTRY_OVERHEAD_BYTES + 2L * name.length();
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** The id cached for {@code name} under {@code generation}, or {@code null}. */
    public Long get(String name, long generation) {
        Entry entry = ids.getIfPresent(name);
        return entry == null || entry.generation() != generation ? null : entry.id();
    }

    /** Caches the id of a committed Name row, read under {@code generation}. */
    public void put(String name, long id, long generation) {
        ids.put(name, new Entry(id, generation));
    }

    /** Forgets every id: the {@code name} table they belong to may be gone. */
    public void clear() {
        ids.invalidateAll();
    }

    public long estimatedSize() {
        return ids.estimatedSize();
    }
}
