package dev.labtech.cache;

import dev.labtech.Task;
import java.util.Objects;

/**
 * The key of one fixture call in one cache, computed once per call and handed to every
 * {@link Cache} method, as Gradle hands its build cache a key: no layer derives it again.
 *
 * <p>{@link #value()} is the storage key, {@code {prefix}{Type}__{sha1}}; {@link #canonicalTask()}
 * the canonical JSON of the call whose SHA-1 it carries, as written to {@code metadata.json}.
 *
 * @since 0.1.0
 */
public final class CacheKey {

    private final Task task;
    private final String value;
    private final String canonicalTask;

    /**
     * @param task          the call
     * @param value         its storage key
     * @param canonicalTask the canonical JSON of the call the key hashes
     */
    public CacheKey(Task task, String value, String canonicalTask) {
        this.task = Objects.requireNonNull(task, "task");
        this.value = Objects.requireNonNull(value, "value");
        this.canonicalTask = Objects.requireNonNull(canonicalTask, "canonicalTask");
    }

    /** The call this key is for. */
    public Task task() {
        return task;
    }

    /** The storage key: {@code json__ModelFixtures-model__3810ce00…}. */
    public String value() {
        return value;
    }

    /** The canonical JSON of the call, which {@link #value()} hashes. */
    public String canonicalTask() {
        return canonicalTask;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey key && value.equals(key.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
