package dev.labtech;

import dev.labtech.cache.Cache;
import dev.labtech.cache.BinaryCache;
import dev.labtech.cache.Serializer;
import dev.labtech.internal.Console;
import dev.labtech.internal.Plugins;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * {@code Lab} runs cached fixtures: it hands out fixture proxies, and for each call of a
 * {@code @LabtechCached} method loads the result from storage, reuses it from memory, or computes
 * and stores it ({@code CallPipeline}); it also describes what its storage holds for the goals
 * ({@code Inventory}). This class is their facade and builder.
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
    private final Serializer serializer = new Serializer();
    private final Staleness staleness = new Staleness(serializer, this::currentKey);
    private final Map<Class<?>, FixtureType> fixtureTypes = new ConcurrentHashMap<>();
    private final Map<Class<? extends Cache>, Cache> caches = new ConcurrentHashMap<>();
    private final CallPipeline pipeline;
    private final Inventory inventory;

    /**
     * A lab over {@code storage} with the defaults: a {@link BinaryCache} and {@link Mode#READ_WRITE}.
     */
    public Lab(Storage storage) {
        this(builder().storage(storage));
    }

    private Lab(Builder builder) {
        Warmup.start();
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
        this.pipeline = new CallPipeline(storage, mode, log, staleness);
        this.inventory = new Inventory(storage, defaultCache, serializer, staleness, this::currentKey);
    }

    /** Runs one cached call; called by fixture proxies ({@link CallPipeline#call}). */
    Object call(Task task, Cache cache, CallPipeline.Body compute, CallListener listener) throws Throwable {
        return pipeline.call(task, cache, compute, listener);
    }

    /** A builder for a lab; by default it stores in {@code .labtech} with a {@link BinaryCache}. */
    /**
     * Starts setting up, on a thread of its own, what the first load in this JVM needs (the JSON
     * parser, SHA-1, the binary format, the code fingerprint's walk), so that it is ready when the
     * first fixture is called; the extension does this when a test run starts, and every lab when it
     * is built. Once per JVM.
     */
    public static void warmUp() {
        Warmup.start();
    }

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
        return inventory.cachedResults();
    }

    /**
     * Why the entry {@code result} would not be loaded by the current code, or empty if it would:
     * its fixture is gone (no such interface or method, or not cached any more), the call now gets
     * another key (its code, version, return type or inputs changed), or a fixture it called does.
     * Classes are looked up through {@code classes}, the test class path. A damaged entry is stale.
     */
    public Optional<String> whyStale(CachedResult result, ClassLoader classes) {
        return inventory.whyStale(result, classes);
    }

    /** Deletes the entry stored under {@code key}, if any. */
    public void delete(String key) {
        inventory.delete(key);
    }

    /**
     * Deletes each of {@code results}, going on past one that cannot be deleted.
     *
     * @return which were deleted and which not, with why
     */
    public Deletion delete(List<CachedResult> results) {
        return inventory.delete(results);
    }

    /**
     * What {@link #delete(List)} did.
     *
     * @param deleted the results deleted, in order
     * @param failed  the results that could not be, with why
     */
    public record Deletion(List<CachedResult> deleted, Map<CachedResult, RuntimeException> failed) {

        /** The bytes of the results deleted. */
        public long bytes() {
            return deleted.stream().mapToLong(result -> Math.max(0, result.sizeBytes())).sum();
        }
    }

    /**
     * The results to remove, in the order to remove them, so that all of {@code all} together take at
     * most {@code maxBytes}: stale and damaged ones first, then those saving the least computing time
     * per byte, the least recently used first among equals ({@code labtech.maxSize}); only
     * {@code removable} ones are chosen.
     *
     * @param stale whether a result is stale (the current code would not load it)
     */
    public static List<CachedResult> toFit(List<CachedResult> all, Predicate<CachedResult> removable,
                                           Predicate<CachedResult> stale, long maxBytes) {
        return Eviction.choose(all, removable, stale, maxBytes);
    }

    /**
     * Whether {@code type} can be used with {@link #fixtures}: an interface declaring or inheriting
     * a {@code @LabtechCached} method.
     */
    public static boolean isFixtureInterface(Class<?> type) {
        return FixtureType.isFixtureInterface(type);
    }

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

    /**
     * The keys of the stored entries this lab's calls superseded so far: each call missed and
     * found the entry it had before (its code, version or inputs changed), now stale. They stay
     * until removed ({@code labtech:clear -Dlabtech.stale}, or {@code labtech.maxSize}, which
     * removes stale entries first).
     */
    public java.util.Set<String> superseded() {
        return pipeline.superseded();
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
