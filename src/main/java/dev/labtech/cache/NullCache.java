package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.Task;
import dev.labtech.TaskResult;
import dev.labtech.storage.Storage;

/**
 * {@code NullCache} keeps nothing in storage: calls are still keyed, so equal calls share one
 * result within a JVM, but nothing is ever saved or loaded.
 *
 * @since 0.1.0
 */
public class NullCache extends BaseCache {

    /** What every key of this cache starts with, as labtech's {@code KEY_PREFIX}. */
    public static final String KEY_PREFIX = "null__";

    public NullCache() {
        super(KEY_PREFIX, "none");
    }

    @Override
    public boolean isCached(Storage storage, CacheKey key) {
        return false;
    }

    @Override
    public void save(Storage storage, CacheKey key, TaskResult<?> result) {
        // Keeps nothing, by definition.
    }

    @Override
    public TaskResult<?> loadResultWithMeta(Storage storage, CacheKey key) {
        throw new CacheException("NullCache keeps no results");
    }

    @Override
    protected void saveResult(Storage storage, CacheKey key, Object result) {
        // Keeps nothing, by definition.
    }

    @Override
    protected Object loadResult(Storage storage, CacheKey key) {
        throw new CacheException("NullCache keeps no results");
    }
}
