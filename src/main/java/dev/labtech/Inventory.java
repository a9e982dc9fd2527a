package dev.labtech;

import dev.labtech.cache.BaseCache;
import dev.labtech.cache.Cache;
import dev.labtech.cache.Serializer;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What a lab's storage holds, for the goals and the end of a run: every entry described, whether
 * the current code would still load one, and deleting one. Any cache's entry is read as the cache
 * that wrote it: the metadata is common to them all.
 */
final class Inventory {

    private final Storage storage;
    private final Cache defaultCache;
    private final Serializer serializer;
    private final Staleness staleness;
    private final BiFunction<Serializer.StoredTask, ClassLoader, Optional<FixtureType.Current>> currentKey;

    Inventory(Storage storage, Cache defaultCache, Serializer serializer, Staleness staleness,
              BiFunction<Serializer.StoredTask, ClassLoader, Optional<FixtureType.Current>> currentKey) {
        this.storage = storage;
        this.defaultCache = defaultCache;
        this.serializer = serializer;
        this.staleness = staleness;
        this.currentKey = currentKey;
    }

    /**
     * Every entry in the storage, sorted by fixture then creation time; damaged entries are
     * included, folders whose names are not cache keys are not.
     */
    List<CachedResult> cachedResults() {
        List<CachedResult> results = new ArrayList<>();
        try {
            for (String key : storage.findKeys()) {
                if (BaseCache.isCacheKey(key)) {
                    results.add(defaultCache.inspect(storage, key));
                }
            }
        } catch (IOException e) {
            throw new StorageException("Cannot list " + storage.describe() + ": " + e, e);
        }
        results.sort(Comparator.comparing(CachedResult::fixture).thenComparing(CachedResult::created));
        return results;
    }

    /**
     * Why the entry {@code result} would not be loaded by the current code, or empty if it would:
     * its fixture is gone (no such interface or method, or not cached any more), the call now gets
     * another key (its code, version, return type or inputs changed), or a fixture it called does.
     * Classes are looked up through {@code classes}, the test class path. A damaged entry is stale.
     */
    Optional<String> whyStale(CachedResult result, ClassLoader classes) {
        if (result.damaged()) {
            return Optional.of("damaged");
        }
        // Any cache's entry, read as the cache that wrote it: the metadata is common to them all.
        Optional<dev.labtech.cache.StoredCall> stored = defaultCache.storedCall(storage, result.key());
        if (stored.isEmpty()) {
            return Optional.of("unreadable");
        }
        Serializer.StoredTask then;
        Optional<FixtureType.Current> now;
        try {
            then = serializer.storedTask(stored.get().task());
            now = currentKey.apply(then, classes);
        } catch (LabtechException e) {
            return Optional.of("fixture gone (" + e.getMessage() + ")");
        }
        if (now.isEmpty()) {
            return Optional.of("fixture gone (" + then.fixtureName() + " is no longer a cached fixture)");
        }
        if (!now.get().key().equals(result.key())) {
            return Optional.of(Staleness.whatChanged(stored.get(), now.get(), then.fixtureName()).orElse("its key changed"));
        }
        return staleness.staleCall(stored.get(), classes);
    }

    /** Deletes the entry stored under {@code key}, if any. */
    void delete(String key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            throw new StorageException("Cannot delete " + key + " from " + storage.describe() + ": " + e, e);
        }
    }

    /** Deletes each result, going on past one that cannot be deleted. */
    Lab.Deletion delete(List<CachedResult> results) {
        List<CachedResult> deleted = new ArrayList<>();
        Map<CachedResult, RuntimeException> failed = new LinkedHashMap<>();
        for (CachedResult result : results) {
            try {
                delete(result.key());
                deleted.add(result);
            } catch (RuntimeException e) {
                failed.put(result, e);
            }
        }
        return new Lab.Deletion(List.copyOf(deleted), failed);
    }
}
