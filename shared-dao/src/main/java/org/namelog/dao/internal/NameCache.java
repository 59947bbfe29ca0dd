package org.namelog.dao.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Name value to {@code name.id}. Bounded by the heap the names take, not by their count: one
 * megabyte-long name weighs as much as thousands of short ones.
 *
 * <p>Only ids of committed Name rows may be put here: an id from a rolled-back transaction would
 * point nowhere (or, worse, at a later row that reuses it).
 */
public final class NameCache {

    /** Object header, String fields, array header: roughly what a String costs besides its chars. */
    private static final int STRING_OVERHEAD_BYTES = 56;

    private final Cache<String, Long> ids;

    public NameCache(long maxBytes, MeterRegistry registry) {
        this.ids = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher(NameCache::weigh)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, ids, "namelog.name.ids");
    }

    private static int weigh(String name, Long id) {
        long bytes = STRING_OVERHEAD_BYTES + 2L * name.length();
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** The cached id, or {@code null}. */
    public Long get(String name) {
        return ids.getIfPresent(name);
    }

    public void put(String name, long id) {
        ids.put(name, id);
    }

    /** Forgets every id: Name rows may be dropped and recreated with other ids after a rollback. */
    public void clear() {
        ids.invalidateAll();
    }

    public long estimatedSize() {
        return ids.estimatedSize();
    }
}
