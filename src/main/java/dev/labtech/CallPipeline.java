package dev.labtech;

import dev.labtech.cache.Cache;
import dev.labtech.cache.CacheKey;
import dev.labtech.internal.Console;
import dev.labtech.internal.Failures;
import dev.labtech.internal.IntactEntryException;
import dev.labtech.storage.NullStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read-through pipeline of one lab: a call is found in memory ({@link InFlight}), else
 * loaded from the storage through its cache, else computed — under the key's lock where other
 * processes may compute it too — and stored. Cache problems are warnings, never the caller's.
 */
final class CallPipeline {

    private final Storage storage;
    private final Mode mode;
    private final RunLog log;
    private final Staleness staleness;
    private final InFlight inFlight = new InFlight();
    private final Set<String> superseded = ConcurrentHashMap.newKeySet();

    CallPipeline(Storage storage, Mode mode, RunLog log, Staleness staleness) {
        this.storage = storage;
        this.mode = mode;
        this.log = log;
        this.staleness = staleness;
    }

    /** A fixture method's body, run on a miss. */
    @FunctionalInterface
    interface Body {
        Object run() throws Throwable;
    }

    /**
     * Runs one cached call; called by fixture proxies. A call whose arguments compare by value is
     * found in memory by the call itself; only a miss builds its cache key. A memory hit formats
     * and logs nothing unless a listener asks for the text.
     */
    Object call(Task task, Cache cache, Body compute, CallListener listener) throws Throwable {
        long begin = System.nanoTime();
        CacheKey[] key = {task.comparesByValue() ? null : cache.cacheKey(task)};
        Object memoryKey = key[0] == null ? task : key[0].value();
        InFlight.Held held = inFlight.get(memoryKey, task, mode != Mode.OFF, () -> {
            if (key[0] == null) {
                key[0] = cache.cacheKey(task);
            }
            return loadOrCompute(key[0], cache, compute);
        });
        Duration took = held.outcome() == CallReport.Outcome.LOADED ? held.took()
                : held.outcome() == CallReport.Outcome.COMPUTED ? held.computeDuration()
                : Duration.ofNanos(System.nanoTime() - begin);
        CallReport report = new CallReport(task, held.key(), held.outcome(), took, held.computeDuration());
        staleness.made(task, cache, held.key(), held.calls());
        log.called(report);
        listener.called(report);
        return held.value();
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    private InFlight.Held loadOrCompute(CacheKey key, Cache cache, Body compute) throws Throwable {
        if (storage instanceof NullStorage) {
            // Nothing can be loaded, and writing a result just to drop it would only cost time.
            return compute(key, cache, compute);
        }
        InFlight.Held loaded = mode.reads() ? load(key, cache, true) : null;
        if (loaded != null) {
            return loaded;
        }
        if (mode != Mode.READ_WRITE) {
            return compute(key, cache, compute);
        }
        // Other processes sharing the storage may be computing the same key: wait for them, then
        // load what they stored instead of computing it again.
        try (Storage.Lock ignored = lock(key.value())) {
            InFlight.Held storedMeanwhile = load(key, cache, false);
            if (storedMeanwhile != null) {
                return storedMeanwhile;
            }
            explainMiss(key, cache);
            return compute(key, cache, compute);
        }
    }

    /** The stored result, or {@code null} on a miss; a damaged entry is a miss with (optionally) a warning. */
    private InFlight.Held load(CacheKey key, Cache cache, boolean warn) {
        Task task = key.task();
        long begin = System.nanoTime();
        try {
            Optional<Cache.Found> found = cache.find(storage, key);
            if (found.isPresent()) {
                Optional<String> stale = found.get().storedCall()
                        .flatMap(stored -> staleness.staleCall(stored, loaderOf(task.fixtureType())));
                if (stale.isPresent()) {
                    if (warn && log.output() != Output.SUMMARY) {
                        Console.info(task.describe() + " is computed again: " + stale.get());
                    }
                    return null;
                }
                TaskResult<?> result = found.get().load();
                checkReturnType(task, result.value());
                markUsed(key.value());
                return new InFlight.Held(result.value(), key.value(), result.meta().duration(),
                        CallReport.Outcome.LOADED, Duration.ofNanos(System.nanoTime() - begin), result.meta().calls());
            }
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            if (warn) {
                warnUnloadable(task, key.value(), e);
            }
        }
        return null;
    }

    private static void warnUnloadable(Task task, String key, Throwable failure) {
        Optional<StackTraceElement> userFrame = failure instanceof IntactEntryException
                ? Failures.thrownByResultCode(failure, task.method().getGenericReturnType(),
                        task.fixtureType().getClassLoader())
                : Optional.empty();
        if (userFrame.isPresent()) {
            StackTraceElement frame = userFrame.get();
            Console.warning("could not load the stored result of " + task.fixtureName() + ": " + frame.getClassName()
                    + "." + frame.getMethodName() + " failed while reading it (" + innermost(failure) + "). That is the "
                    + "class's own code, not a damaged entry: " + task.fixtureName() + " will be computed again on "
                    + "every run until the class can read what it wrote.");
        } else {
            Console.warning("ignoring the damaged cache entry " + key + " of " + task.fixtureName()
                    + "; computing it again. " + failure.getMessage());
        }
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    /**
     * Runs the body — the one compute path — and stores its result where this lab writes (not in a
     * null storage, where it could only be dropped).
     */
    private InFlight.Held compute(CacheKey key, Cache cache, Body compute) throws Throwable {
        Task task = key.task();
        Instant start = Instant.now();
        long begin = System.nanoTime();
        Object value;
        List<ChildCall> calls;
        try (AutoCloseable progress = log.computing(task); Staleness.Collection collection = staleness.collect()) {
            value = compute.run();
            calls = collection.calls();
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - begin);
        if (mode.writes() && !(storage instanceof NullStorage)) {
            try {
                cache.save(storage, key, new TaskResult<>(value, new ResultMeta(start, duration, calls)));
                noteCall(key);
            } catch (RuntimeException | StackOverflowError e) {
                Console.warning("could not cache the result of " + task.fixtureName()
                        + "; the test gets the computed value. " + e.getMessage());
                if (mode == Mode.REFRESH) {
                    removeOutdated(key, cache);
                }
            }
        }
        return new InFlight.Held(value, key.value(), duration, CallReport.Outcome.COMPUTED, duration, calls);
    }

    /**
     * In refresh mode a result that could not be stored must not leave the entry it was meant to
     * replace behind: that entry was computed by code the user is refreshing away from.
     */
    private void removeOutdated(CacheKey key, Cache cache) {
        try {
            cache.delete(storage, key);
        } catch (RuntimeException e) {
            Console.warning("could not remove the earlier result of " + key.task().fixtureName()
                    + ", which refresh mode replaces; run mvn labtech:clear to remove it. " + e.getMessage());
        }
    }

    /**
     * When a call misses while the entry it had before is still stored, counts that entry as
     * superseded (stale: the run summary says how many and how big) and says what changed. The
     * storage's note for the call names that entry ({@link Storage#notedCall}), so this costs one
     * small read whatever the number of entries stored.
     */
    private void explainMiss(CacheKey key, Cache cache) {
        if (key.call().isEmpty()) {
            return;
        }
        try {
            Optional<String> before = storage.notedCall(key.call().get()).filter(earlier -> !earlier.equals(key.value()));
            Optional<dev.labtech.cache.StoredCall> stored = before.flatMap(earlier -> cache.storedCall(storage, earlier));
            if (stored.isEmpty()) {
                return;
            }
            superseded.add(before.get());
            if (log.output() != Output.SUMMARY) {
                Staleness.whatChanged(key, stored.get())
                        .ifPresent(changed -> Console.info(key.task().describe() + " is computed again: " + changed));
            }
        } catch (IOException | RuntimeException e) {
            Console.debug(() -> "could not look for the earlier entry of " + key + ": " + e);
        }
    }

    /** The keys of the entries this pipeline's calls superseded so far ({@link Lab#superseded()}). */
    Set<String> superseded() {
        return Set.copyOf(superseded);
    }

    /** Notes which entry now holds the call, for {@link #explainMiss}; a note is a hint, so failing to write it is no warning. */
    private void noteCall(CacheKey key) {
        if (key.call().isEmpty()) {
            return;
        }
        try {
            storage.noteCall(key.call().get(), key.value());
        } catch (IOException | RuntimeException e) {
            Console.debug(() -> "could not note the entry of " + key + ": " + e);
        }
    }

    private void markUsed(String key) {
        try {
            storage.markUsed(key);
        } catch (IOException | RuntimeException e) {
            Console.debug(() -> "could not note the use of " + key + ": " + e);
        }
    }

    private static ClassLoader loaderOf(Class<?> fixtureType) {
        ClassLoader loader = fixtureType.getClassLoader();
        return loader != null ? loader : Lab.class.getClassLoader();
    }

    /**
     * A lock on {@code key} across processes, or none if the storage cannot lock; releasing it
     * never throws. Locking only saves work, so its failures are never the test's.
     */
    private Storage.Lock lock(String key) {
        Storage.Lock held;
        try {
            held = storage.lock(key);
        } catch (IOException | RuntimeException e) {
            Console.warning("computing " + key + " without the lock that keeps others from computing it at the same "
                    + "time: " + e.getMessage());
            return () -> { };
        }
        return () -> {
            try {
                held.close();
            } catch (IOException | RuntimeException e) {
                Console.debug(() -> "could not release the lock on " + key + ": " + e);
            }
        };
    }

    private static void checkReturnType(Task task, Object value) {
        Class<?> type = task.method().getReturnType();
        if (type.isPrimitive() ? value == null : value != null && !type.isInstance(value)) {
            throw new CacheException("the stored value is a " + (value == null ? "null" : value.getClass().getName())
                    + ", but " + task.fixtureName() + " returns " + type.getName());
        }
    }
}
