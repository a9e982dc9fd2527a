package dev.labtech;

import dev.labtech.cache.JsonCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LocalStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programmatic engine, outside JUnit: round trips, listing, deletion and concurrency. */
class LabTests {

    @TempDir
    Path directory;

    /** State in private final fields, no setters, no getters: JsonCache stores fields. */
    static final class Index {
        private final Map<String, List<Integer>> postings;
        private final int documents;
        private transient int lookups;

        @SuppressWarnings("unused") // for Jackson
        private Index() {
            this(Map.of(), 0);
        }

        Index(Map<String, List<Integer>> postings, int documents) {
            this.postings = postings;
            this.documents = documents;
        }
    }

    record Summary(String name, double mean, Set<String> tags, Optional<LocalDate> day, int[] histogram) {
    }

    /** A field declared as Object hides the value's class from Jackson. */
    static final class Holder {
        Object value;

        Holder() {
        }

        Holder(Object value) {
            this.value = value;
        }
    }

    static final class Polymorphic implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Object payload;

        Polymorphic(Object payload) {
            this.payload = payload;
        }
    }

    static final AtomicInteger CALLS = new AtomicInteger();
    static final CountDownLatch BOTH_STARTED = new CountDownLatch(2);
    static final CountDownLatch EIGHT_STARTED = new CountDownLatch(8);
    static final CountDownLatch RELEASE_FAILURE = new CountDownLatch(1);

    interface Fixtures {
        @LabtechCached(cache = JsonCache.class)
        default Index index(int documents) {
            CALLS.incrementAndGet();
            return new Index(Map.of("alpha", List.of(1, 2), "beta", List.of(documents)), documents);
        }

        @LabtechCached(cache = JsonCache.class)
        default Summary summary(String name) {
            CALLS.incrementAndGet();
            return new Summary(name, 1.5, Set.of("a", "b"), Optional.of(LocalDate.of(2026, 1, 2)), new int[] {3, 4});
        }

        @LabtechCached(cache = JsonCache.class)
        default Holder holder(String text) {
            CALLS.incrementAndGet();
            return new Holder(new Holder(text));
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default Polymorphic polymorphic(String text) {
            CALLS.incrementAndGet();
            return new Polymorphic(new ArrayList<>(List.of(text)));
        }

        /** Returns whether all eight computations were running at once. */
        @LabtechCached
        default boolean together(String name) throws InterruptedException {
            CALLS.incrementAndGet();
            EIGHT_STARTED.countDown();
            return EIGHT_STARTED.await(10, TimeUnit.SECONDS);
        }

        /** Blocks until the test releases it, then throws: the computation that waiters wait for. */
        @LabtechCached
        default String failing(String name) throws InterruptedException {
            CALLS.incrementAndGet();
            RELEASE_FAILURE.await();
            throw new IllegalStateException("failed computing " + name);
        }

        @LabtechCached
        default String a(int n) throws InterruptedException {
            BOTH_STARTED.countDown();
            BOTH_STARTED.await(5, TimeUnit.SECONDS);
            return b(n);
        }

        @LabtechCached
        default String b(int n) throws InterruptedException {
            BOTH_STARTED.countDown();
            BOTH_STARTED.await(5, TimeUnit.SECONDS);
            return a(n);
        }
    }

    private Lab lab() {
        return Lab.builder().storage(new LocalStorage(directory)).build();
    }

    @Test
    void jsonCacheRoundTripsObjectsByTheirFieldsAndRecords() {
        CALLS.set(0);
        lab().fixtures(Fixtures.class).index(7);
        lab().fixtures(Fixtures.class).summary("s");

        Index index = lab().fixtures(Fixtures.class).index(7);
        Summary summary = lab().fixtures(Fixtures.class).summary("s");

        assertThat(CALLS).hasValue(2);
        assertThat(index.documents).isEqualTo(7);
        assertThat(index.postings).isEqualTo(Map.of("alpha", List.of(1, 2), "beta", List.of(7)));
        assertThat(summary.name()).isEqualTo("s");
        assertThat(summary.tags()).containsExactlyInAnyOrder("a", "b");
        assertThat(summary.day()).contains(LocalDate.of(2026, 1, 2));
        assertThat(summary.histogram()).containsExactly(3, 4);
    }

    @Test
    void jsonCacheRefusesAValueItWouldLoadAsAnotherType() {
        CALLS.set(0);
        try (LogRecorder log = new LogRecorder()) {
            lab().fixtures(Fixtures.class).holder("x");
            assertThat(log.warnings()).singleElement().asString()
                    .contains("reading the JSON back gives a different value")
                    .contains("BinaryCache");
        }
        assertThat(lab().cachedResults()).isEmpty();
    }

    @Test
    void javaSerializationCacheKeepsPolymorphicValues() {
        CALLS.set(0);
        lab().fixtures(Fixtures.class).polymorphic("x");

        Polymorphic loaded = lab().fixtures(Fixtures.class).polymorphic("x");

        assertThat(CALLS).hasValue(1);
        assertThat(loaded.payload).isEqualTo(List.of("x")).isInstanceOf(ArrayList.class);
    }

    @Test
    void deletingSeveralResultsGoesOnPastOneThatCannotBeDeleted() {
        lab().fixtures(Fixtures.class).index(1);
        lab().fixtures(Fixtures.class).index(2);
        lab().fixtures(Fixtures.class).index(3);
        List<CachedResult> results = lab().cachedResults();
        String stuck = results.get(1).key();
        Lab lab = Lab.builder().storage(new ForwardingStorage(new LocalStorage(directory)) {
            @Override
            public void delete(String key) throws java.io.IOException {
                if (key.equals(stuck)) {
                    throw new java.nio.file.AccessDeniedException(key);
                }
                super.delete(key);
            }
        }).build();

        Lab.Deletion deletion = lab.delete(results);

        assertThat(deletion.deleted()).containsExactly(results.get(0), results.get(2));
        assertThat(deletion.bytes()).isEqualTo(results.get(0).sizeBytes() + results.get(2).sizeBytes());
        assertThat(deletion.failed()).containsOnlyKeys(results.get(1));
        assertThat(deletion.failed().get(results.get(1))).isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot delete " + stuck);
        assertThat(lab().cachedResults()).extracting(CachedResult::key).containsExactly(stuck);
    }

    @Test
    void listsAndDeletesCachedResults() {
        Instant before = Instant.now();
        Lab lab = lab();
        lab.fixtures(Fixtures.class).index(1);
        lab.fixtures(Fixtures.class).index(2);

        List<CachedResult> results = lab.cachedResults();

        assertThat(results).hasSize(2).allSatisfy(result -> {
            assertThat(result.fixture()).isEqualTo("Fixtures#index");
            assertThat(result.damaged()).isFalse();
            assertThat(result.sizeBytes()).isPositive();
            assertThat(result.created()).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(result.cache()).isEqualTo("dev.labtech.cache.JsonCache");
        });
        assertThat(results).extracting(CachedResult::arguments).containsExactlyInAnyOrder("1", "2");

        lab.delete(results.get(0).key());

        assertThat(lab.cachedResults()).hasSize(1);
    }

    @Test
    void differentKeysComputeInParallel() throws Exception {
        CALLS.set(0);
        Fixtures fixtures = lab().fixtures(Fixtures.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "n" + i;
                futures.add(pool.submit(() -> fixtures.together(name)));
            }
            // Behind one lock the first computation would wait for the other seven forever.
            for (Future<Boolean> future : futures) {
                assertThat(future.get(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(CALLS).hasValue(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenAComputationThrowsItsWaitersGetTheSameExceptionAndTheNextCallComputesAgain() throws Exception {
        CALLS.set(0);
        Fixtures fixtures = lab().fixtures(Fixtures.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    threads.add(Thread.currentThread());
                    return fixtures.failing("x");
                }));
            }
            // One thread computes (blocked on the latch), seven wait for it: all eight are parked.
            while (threads.size() < 8 || threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                Thread.sleep(5);
            }
            RELEASE_FAILURE.countDown();

            for (Future<String> future : futures) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                        .cause().isInstanceOf(IllegalStateException.class).hasMessage("failed computing x");
            }
            assertThat(CALLS).as("one computation for eight callers").hasValue(1);
            assertThatThrownBy(() -> fixtures.failing("x")).isInstanceOf(IllegalStateException.class);
            assertThat(CALLS).as("a later call computes afresh").hasValue(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCycleAcrossThreadsIsAnErrorNotADeadlock() throws Exception {
        Fixtures fixtures = lab().fixtures(Fixtures.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> fixtures.a(1));
            Future<String> second = pool.submit(() -> fixtures.b(1));

            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(FixtureCycleException.class);
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(FixtureCycleException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    static volatile CountDownLatch crossStarted;

    interface CrossFixtures {
        @LabtechCached
        default String x(int n) throws InterruptedException {
            crossStarted.countDown();
            crossStarted.await(5, TimeUnit.SECONDS);
            return y(n);
        }

        @LabtechCached
        default String y(int n) throws InterruptedException {
            crossStarted.countDown();
            crossStarted.await(5, TimeUnit.SECONDS);
            return x(n);
        }
    }

    @Test
    void twoLabsOverOneDirectoryWithACrossCycleEndInACycleErrorNotADeadlock() throws Exception {
        crossStarted = new CountDownLatch(2);
        CrossFixtures first = lab().fixtures(CrossFixtures.class);
        CrossFixtures second = lab().fixtures(CrossFixtures.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (LogRecorder log = new LogRecorder()) {
            Future<String> x = pool.submit(() -> first.x(1));
            Future<String> y = pool.submit(() -> second.y(1));

            assertThatThrownBy(() -> x.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(FixtureCycleException.class)
                    .cause().hasMessageContaining("CrossFixtures#x(1) -> CrossFixtures#y(1) -> CrossFixtures#x(1)");
            assertThatThrownBy(() -> y.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(FixtureCycleException.class)
                    .cause().hasMessageContaining("CrossFixtures#y(1) -> CrossFixtures#x(1) -> CrossFixtures#y(1)");
            assertThat(log.warnings()).isNotEmpty().allSatisfy(warning -> assertThat(warning)
                    .matches("\\[labtech\\] computing bin__CrossFixtures-[xy]__[0-9a-f]{40} without the lock .*: "
                            + "waiting for the lock on bin__CrossFixtures-[xy]__[0-9a-f]{40} would never end: .*"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClassIsNotAFixtureInterface() {
        assertThatThrownBy(() -> lab().fixtures(String.class))
                .isInstanceOf(LabtechException.class)
                .hasMessage("Fixtures must be declared in an interface, but java.lang.String is a class");
    }
}
