package dev.labtech.cache;

import dev.labtech.CachedResult;
import dev.labtech.Task;
import dev.labtech.TaskResult;
import dev.labtech.storage.Storage;
import java.time.Instant;

/**
 * {@code Cache} decides how a fixture call's result is keyed, written to and read from a
 * {@link Storage}, as labtech's {@code Cache} does.
 *
 * <p>The key of a call is made once, by {@link #cacheKey(Task)}, and every other method takes that
 * {@link CacheKey}, so no layer derives it again.
 *
 * <p>Implementations must be thread-safe and have a public no-arg constructor, so they can be named
 * in {@code @LabtechCached(cache = ...)} or the {@code labtech.cache.default} configuration
 * parameter. Extend {@link BaseCache} rather than implementing this directly: it handles keys and
 * {@code metadata.json}, leaving only the result format to you.
 *
 * <p>{@code Cache.class} itself, the default of {@code @LabtechCached(cache)}, means "the configured
 * default cache".
 *
 * @since 0.1.0
 */
public interface Cache {

    /** The cache of fixtures that name none, when none is configured: a new {@link BinaryCache}. */
    static Cache defaultCache() {
        return new BinaryCache();
    }

    /** The key of a call: {@code {prefix}{Type}__{sha1}}. Equal calls give equal keys. */
    CacheKey cacheKey(Task task);

    /**
     * The storage key for a call of the fixture {@code typeName} ({@link Task#typeName()}) whose
     * key text is {@code keyText} ({@link Serializer.Canonical#keyText()}): how a stored call is given
     * the key it would get now, without rebuilding its arguments. Empty if this cache makes its
     * keys another way; its stored calls are then taken as current.
     */
    default java.util.Optional<String> keyFor(String typeName, String keyText) {
        return java.util.Optional.empty();
    }

    /** Whether a complete entry for this call exists (it may still turn out damaged when loaded). */
    boolean isCached(Storage storage, CacheKey key);

    /**
     * The entry stored for this call, if there is one: what it says about its call and its result,
     * for a load that reads each of its files once. The default asks {@link #isCached},
     * {@link #storedCall} and {@link #loadResultWithMeta} in turn.
     */
    default java.util.Optional<Found> find(Storage storage, CacheKey key) {
        if (!isCached(storage, key)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Found() {
            @Override
            public java.util.Optional<StoredCall> storedCall() {
                return Cache.this.storedCall(storage, key.value());
            }

            @Override
            public TaskResult<?> load() {
                return loadResultWithMeta(storage, key);
            }
        });
    }

    /**
     * An entry {@link #find} found.
     *
     * @since 0.1.0
     */
    interface Found {

        /** What the entry says about its call; empty if it records nothing of the kind or is damaged. */
        java.util.Optional<StoredCall> storedCall();

        /**
         * Loads its result with its metadata.
         *
         * @throws dev.labtech.CacheException if the entry is damaged or written by another cache
         */
        TaskResult<?> load();
    }

    /**
     * Stores a call's result. Either the whole entry becomes visible or, on failure, the
     * previous state stays.
     *
     * @throws dev.labtech.CacheException   if the result cannot be stored faithfully
     * @throws dev.labtech.StorageException if the storage fails
     */
    void save(Storage storage, CacheKey key, TaskResult<?> result);

    /**
     * Reads back the call an entry was stored for.
     *
     * @throws dev.labtech.CacheException if there is no readable entry under this key
     */
    Task loadTask(Storage storage, String key, ClassLoader classLoader);

    /**
     * Loads a call's result with its metadata.
     *
     * @throws dev.labtech.CacheException if the entry is missing, damaged or written by another cache
     */
    TaskResult<?> loadResultWithMeta(Storage storage, CacheKey key);

    /** When the stored result of this call was computed. */
    Instant loadCacheTimestamp(Storage storage, CacheKey key);

    /** Deletes the stored result of this call, if any. */
    void delete(Storage storage, CacheKey key);

    /**
     * What the entry stored under {@code key} says about its call, without loading its result;
     * empty if there is no readable entry (or the cache records nothing of the kind).
     */
    default java.util.Optional<StoredCall> storedCall(Storage storage, String key) {
        return java.util.Optional.empty();
    }

    /**
     * Describes the entry stored under {@code key} without loading its result; a damaged entry is
     * described as damaged rather than refused.
     */
    CachedResult inspect(Storage storage, String key);
}
