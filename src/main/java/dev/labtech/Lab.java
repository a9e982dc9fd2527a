package dev.labtech;

import dev.labtech.cache.BaseCache;
import dev.labtech.cache.Cache;
import dev.labtech.cache.CacheKey;
import dev.labtech.cache.Serializer;
import dev.labtech.cache.BinaryCache;
import dev.labtech.internal.Console;
import dev.labtech.internal.Failures;
import dev.labtech.internal.IntactEntryException;
import dev.labtech.internal.Plugins;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.NullStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code Lab} runs cached fixtures: it hands out fixture proxies, and for each call of a
 * {@code @LabtechCached} method loads the result from storage, reuses it from memory, or computes
 * and stores it.
 *
 * <p>The JUnit extension builds one lab per test run from the configuration parameters; programs
 * can build their own:
 *
 * <pre>{@code
 * Lab lab = Lab.builder().storage(new LocalStorage(Path.of(".labtech"))).build();
 * ModelFixtures fixtures = lab.fixtures(ModelFixtures.class);
 * Model model = fixtures.model("iris", 10);      // computed once, then loaded
 * lab.cachedResults().forEach(System.out::println);
 * }</pre>
 *
 * <p>Within one lab every caller of a key gets the same instance, and a key is computed at most
 * once at a time however many threads ask. A cache problem (damaged entry, unwritable storage) is
 * logged as a warning and never fails the call; an exception thrown by the fixture itself reaches
 * the caller unchanged and nothing is stored.
 *
 * @since 0.1.0
 */
public final class Lab {

    /** With {@link Output#CALLS}, how many computed or loaded calls a run prints before only counting them. */
    public static final int CALL_LINES = 20;

    private final Storage storage;
    private final Cache defaultCache;
    private final Mode mode;
    private final Invalidation invalidation;
    private final RunLog log;
    private final InFlight inFlight = new InFlight();
    private final Serializer serializer = new Serializer();
    private final Staleness staleness = new Staleness(serializer, this::currentKey);
    private final Map<Class<?>, FixtureType> fixtureTypes = new ConcurrentHashMap<>();
    private final Map<Class<? extends Cache>, Cache> caches = new ConcurrentHashMap<>();

    /**
     * A lab over {@code storage} with the defaults: a {@link BinaryCache} and {@link Mode#READ_WRITE}.
     */
    public Lab(Storage storage) {
        this(builder().storage(storage));
    }

    private Lab(Builder builder) {
        this.storage = builder.storage != null ? builder.storage : new LocalStorage(Path.of(LocalStorage.DEFAULT_DIRECTORY));
        this.defaultCache = builder.defaultCache;
        if (storage.isReadOnly() && builder.mode.writes()) {
            // Loads all the same; what is computed stays in memory, as in read_only mode.
            Console.info(storage.describe() + " cannot be written: cached results load from it, and results computed "
                    + "in this run are kept in memory only");
            this.mode = Mode.READ_ONLY;
        } else {
            this.mode = builder.mode;
        }
        this.invalidation = builder.invalidation;
        this.log = new RunLog(builder.output);
    }

    /** A builder for a lab; by default it stores in {@code .labtech} with a {@link BinaryCache}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where results are stored. */
    public Storage storage() {
        return storage;
    }

    /** The cache of fixtures whose {@code @LabtechCached(cache)} is not set. */
    public Cache defaultCache() {
        return defaultCache;
    }

    /** How this lab uses its storage. */
    public Mode mode() {
        return mode;
    }

    /** What invalidates a stored result besides its arguments. */
    public Invalidation invalidation() {
        return invalidation;
    }

    /** How much this lab prints. */
    public Output output() {
        return log.output();
    }

    /** A proxy for {@code fixtureType} whose {@code @LabtechCached} methods go through this lab. */
    public <T> T fixtures(Class<T> fixtureType) {
        return fixtures(fixtureType, CallListener.NONE);
    }

    /**
     * A proxy for {@code fixtureType} whose {@code @LabtechCached} methods go through this lab,
     * telling {@code listener} about every cached call.
     *
     * @throws LabtechException if {@code fixtureType} is not an interface, or one of its
     *                          {@code @LabtechCached} methods is not a default method or names a
     *                          cache that cannot be created
     */
    public <T> T fixtures(Class<T> fixtureType, CallListener listener) {
        FixtureType type = fixtureTypes.computeIfAbsent(fixtureType, t -> FixtureType.of(t, this::cache, invalidation));
        return fixtureType.cast(type.newProxy(this, listener));
    }

    /**
     * Every entry in the storage, sorted by fixture then creation time; damaged entries are
     * included, folders whose names are not cache keys are not.
     */
    public List<CachedResult> cachedResults() {
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
    public Optional<String> whyStale(CachedResult result, ClassLoader classes) {
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
            now = currentKey(then, classes);
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
    public void delete(String key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            throw new StorageException("Cannot delete " + key + " from " + storage.describe() + ": " + e, e);
        }
    }

    /**
     * Whether {@code type} can be used with {@link #fixtures}: an interface declaring or inheriting
     * a {@code @LabtechCached} method.
     */
    public static boolean isFixtureInterface(Class<?> type) {
        return FixtureType.isFixtureInterface(type);
    }

    private final java.util.Set<String> superseded = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** What this lab has done so far. */
    public Statistics statistics() {
        return log.statistics();
    }

    /**
     * Counts of cached calls: how many computed, loaded from storage and reused from memory, the
     * time spent computing, the computing time the loads from storage saved, and each fixture's
     * share, the costliest (computing plus saved) first.
     *
     * @since 0.1.0
     */
    public record Statistics(long computed, long loaded, long reused, Duration computing, Duration saved,
                             List<FixtureStatistics> fixtures) {

        /** {@code 3 loaded, 1 computed, 2 reused from memory; computing took 1.20 s, loading saved 9.61 s}. */
        public String describe() {
            return loaded + " loaded, " + computed + " computed, " + reused + " reused from memory; computing took "
                    + CallReport.format(computing) + ", loading saved " + CallReport.format(saved);
        }
    }

    /**
     * One fixture's part of the {@link Statistics}.
     *
     * @since 0.1.0
     */
    public record FixtureStatistics(String fixture, long computed, long loaded, long reused, Duration computing,
                                    Duration saved) {
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
            return compute(key, compute);
        }
        InFlight.Held loaded = mode.reads() ? load(key, cache, true) : null;
        if (loaded != null) {
            return loaded;
        }
        if (mode != Mode.READ_WRITE) {
            return computeAndSave(key, cache, compute);
        }
        // Other processes sharing the storage may be computing the same key: wait for them, then
        // load what they stored instead of computing it again.
        try (Storage.Lock ignored = lock(key.value())) {
            InFlight.Held storedMeanwhile = load(key, cache, false);
            if (storedMeanwhile != null) {
                return storedMeanwhile;
            }
            explainMiss(key, cache);
            return computeAndSave(key, cache, compute);
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

    private InFlight.Held compute(CacheKey key, Body compute) throws Throwable {
        long begin = System.nanoTime();
        Object value;
        List<ChildCall> calls;
        try (AutoCloseable progress = log.computing(key.task()); Staleness.Collection collection = staleness.collect()) {
            value = compute.run();
            calls = collection.calls();
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - begin);
        return new InFlight.Held(value, key.value(), duration, CallReport.Outcome.COMPUTED, duration, calls);
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

    /**
     * The keys of the stored entries this lab's calls superseded so far: each call missed and
     * found the entry it had before (its code, version or inputs changed), now stale. They stay
     * until removed ({@code labtech:clear -Dlabtech.stale}, or {@code labtech.maxSize}, which
     * removes stale entries first).
     */
    public java.util.Set<String> superseded() {
        return java.util.Set.copyOf(superseded);
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
     * The key a call read from an entry gets now, its fixture interface found through
     * {@code classes} (not initialised); empty if its method is no longer a cached fixture.
     *
     * @throws LabtechException if its fixture interface is gone
     */
    private Optional<FixtureType.Current> currentKey(Serializer.StoredTask stored, ClassLoader classes) {
        Class<?> fixture;
        try {
            fixture = Class.forName(stored.fixture(), false, classes);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new LabtechException("no interface " + stored.fixture() + " is visible");
        }
        if (!FixtureType.isFixtureInterface(fixture)) {
            return Optional.empty();
        }
        return fixtureTypes.computeIfAbsent(fixture, t -> FixtureType.of(t, this::cache, invalidation))
                .currentKey(stored, serializer);
    }

    private InFlight.Held computeAndSave(CacheKey key, Cache cache, Body compute) throws Throwable {
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
        if (mode.writes()) {
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

    private Cache cache(Class<? extends Cache> type) {
        if (type == Cache.class) {
            return defaultCache;
        }
        return caches.computeIfAbsent(type, Lab::newCache);
    }

    static Cache newCache(Class<? extends Cache> type) {
        try {
            return Plugins.create(type, null);
        } catch (Plugins.Unusable e) {
            throw new LabtechException("Cannot create cache " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Lab[" + storage.describe() + ", " + defaultCache + ", " + mode + "]";
    }

    /**
     * Builds a {@link Lab}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private Storage storage;
        private Cache defaultCache = Cache.defaultCache();
        private Mode mode = Mode.DEFAULT;
        private Output output = Output.DEFAULT;
        private Invalidation invalidation = Invalidation.DEFAULT;

        private Builder() {
        }

        /** What invalidates a stored result besides its arguments; default: {@link Invalidation#CODE}. */
        public Builder invalidation(Invalidation invalidation) {
            this.invalidation = Objects.requireNonNull(invalidation, "invalidation");
            return this;
        }

        /** How much to print; default: {@link Output#CALLS}. */
        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** Where to store results; default: a {@link LocalStorage} in {@code .labtech}. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** The cache for fixtures that do not name one; default: {@link BinaryCache}. */
        public Builder defaultCache(Cache defaultCache) {
            this.defaultCache = Objects.requireNonNull(defaultCache, "defaultCache");
            return this;
        }

        /** How to use the storage; default: {@link Mode#READ_WRITE}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Lab build() {
            return new Lab(this);
        }
    }
}
