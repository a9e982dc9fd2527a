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
    private final String call;

    /**
     * A key without a {@link #call()}: misses of it are not explained.
     *
     * @param task          the call
     * @param value         its storage key
     * @param canonicalTask the canonical JSON of the call the key hashes
     */
    public CacheKey(Task task, String value, String canonicalTask) {
        this(task, value, canonicalTask, null);
    }

    /**
     * @param task          the call
     * @param value         its storage key
     * @param canonicalTask the canonical JSON of the call the key hashes
     * @param call          the {@link #call()} name, shaped like a key; {@code null} for none
     */
    public CacheKey(Task task, String value, String canonicalTask, String call) {
        this.task = Objects.requireNonNull(task, "task");
        this.value = Objects.requireNonNull(value, "value");
        this.canonicalTask = Objects.requireNonNull(canonicalTask, "canonicalTask");
        this.call = call;
    }

    /**
     * The call this key is for — fixture, method, parameter types and arguments, not its code,
     * version, return type or input files — as a name shaped like a key
     * ({@code bin__ModelFixtures-model__<sha1>}): the same for every key the call has had, so a
     * miss can find the entry the call had before ({@link dev.labtech.storage.Storage#notedCall}).
     */
    public java.util.Optional<String> call() {
        return java.util.Optional.ofNullable(call);
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
