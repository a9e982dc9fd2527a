package dev.labtech.junit;

import static dev.labtech.junit.EngineRuns.entries;
import static dev.labtech.junit.EngineRuns.reports;
import static dev.labtech.junit.EngineRuns.run;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.LogRecorder;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What users rely on across runs: hits, misses, separate entries, modes and CI detection. */
class CachingTests {

    static final AtomicInteger SQUARES = new AtomicInteger();
    static final AtomicInteger WORDS = new AtomicInteger();
    static final AtomicInteger TOTALS = new AtomicInteger();

    @TempDir
    Path directory;

    @BeforeEach
    void resetCounters() {
        SQUARES.set(0);
        WORDS.set(0);
        TOTALS.set(0);
    }

    public interface NumberFixtures {

        @LabtechCached(cache = JsonCache.class)
        default List<Integer> squares(int count) {
            SQUARES.incrementAndGet();
            List<Integer> squares = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                squares.add(i * i);
            }
            return squares;
        }

        @LabtechCached
        default Map<String, Integer> wordLengths(Map<String, String> words) {
            WORDS.incrementAndGet();
            Map<String, Integer> lengths = new TreeMap<>();
            words.forEach((key, word) -> lengths.put(key, word.length()));
            return lengths;
        }

        /** Nested: calls squares(count) through the proxy, so both are cached on their own. */
        @LabtechCached(cache = JavaSerializationCache.class)
        default long total(int count) {
            TOTALS.incrementAndGet();
            return squares(count).stream().mapToLong(Integer::longValue).sum();
        }
    }

    @LabtechCached
    static class SquaresTestCase {
        @Test
        void squares(NumberFixtures fixtures) {
            assertEquals(List.of(0, 1, 4, 9), fixtures.squares(4));
        }
    }

    @Test
    void secondRunLoadsWhatTheFirstComputed() throws Exception {
        EngineExecutionResults first = runCaching(SquaresTestCase.class, directory);
        EngineExecutionResults second = runCaching(SquaresTestCase.class, directory);

        first.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        second.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SQUARES).hasValue(1);
        assertThat(reports(first)).singleElement().asString().startsWith("computed NumberFixtures#squares(4) in ");
        assertThat(reports(second)).singleElement().asString().startsWith("loaded NumberFixtures#squares(4) in ");
        assertThat(entries(directory)).singleElement().satisfies(entry -> {
            assertThat(entry.getFileName().toString()).matches("json__NumberFixtures-squares__[0-9a-f]{40}");
            assertThat(entry.resolve("metadata.json")).exists();
            assertThat(entry.resolve("data.json")).hasContent("[0,1,4,9]");
        });
        assertThat(directory.resolve(".gitignore")).hasContent("*");
    }

    @LabtechCached
    static class SeveralCallsTestCase {
        @Test
        void calls(NumberFixtures fixtures) {
            fixtures.squares(3);
            fixtures.squares(3);
            fixtures.squares(5);
        }
    }

    @Test
    void equalCallsShareAnEntryAndDifferentArgumentsGetTheirOwn() throws Exception {
        EngineExecutionResults results = runCaching(SeveralCallsTestCase.class, directory);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(SQUARES).hasValue(2);
        assertThat(entries(directory)).hasSize(2);
        assertThat(reports(results)).hasSize(3);
        assertThat(reports(results).get(1)).startsWith("reused NumberFixtures#squares(3) from memory");
    }

    @LabtechCached
    static class MapOrderTestCase {
        @Test
        void sameMapInTwoOrders(NumberFixtures fixtures) {
            Map<String, String> forward = new LinkedHashMap<>();
            forward.put("a", "apple");
            forward.put("b", "banana");
            Map<String, String> backward = new LinkedHashMap<>();
            backward.put("b", "banana");
            backward.put("a", "apple");
            assertEquals(fixtures.wordLengths(forward), fixtures.wordLengths(backward));
        }
    }

    @Test
    void mapsWithEqualContentInDifferentOrderShareOneKey() throws Exception {
        runCaching(MapOrderTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(WORDS).hasValue(1);
        assertThat(entries(directory)).hasSize(1);
    }

    @LabtechCached
    static class NestedTestCase {
        @Test
        void total(NumberFixtures fixtures) {
            assertEquals(0L + 1 + 4 + 9, fixtures.total(4));
        }
    }

    @Test
    void nestedFixturesAreSeparateEntries() throws Exception {
        runCaching(NestedTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));
        EngineExecutionResults again = runCaching(NestedTestCase.class, directory);

        assertThat(entries(directory)).extracting(entry -> entry.getFileName().toString().replaceAll("__[0-9a-f]+$", ""))
                .containsExactly("java__NumberFixtures-total", "json__NumberFixtures-squares");
        assertThat(TOTALS).hasValue(1);
        assertThat(SQUARES).hasValue(1);
        assertThat(reports(again)).singleElement().asString().startsWith("loaded NumberFixtures#total(4)");
    }

    @Test
    void nullStorageStoresNothing() throws Exception {
        EngineExecutionResults results = run(SquaresTestCase.class,
                LabtechCached.STORAGE_PROPERTY_NAME, "null",
                LabtechCached.STORAGE_DIR_PROPERTY_NAME, directory.toString());
        run(SquaresTestCase.class,
                LabtechCached.STORAGE_PROPERTY_NAME, "null",
                LabtechCached.STORAGE_DIR_PROPERTY_NAME, directory.toString());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(SQUARES).hasValue(2);
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void readOnlyLoadsButNeverWrites() throws Exception {
        runCaching(SquaresTestCase.class, directory, LabtechCached.MODE_PROPERTY_NAME, "read-only");
        assertThat(entries(directory)).isEmpty();

        runCaching(SquaresTestCase.class, directory);
        EngineExecutionResults readOnly = runCaching(SquaresTestCase.class, directory,
                LabtechCached.MODE_PROPERTY_NAME, "READ_ONLY");

        assertThat(SQUARES).hasValue(2);
        assertThat(reports(readOnly)).singleElement().asString().startsWith("loaded ");
    }

    @Test
    void refreshRecomputesAndOverwrites() throws Exception {
        runCaching(SquaresTestCase.class, directory);
        Path metadata = entries(directory).get(0).resolve("metadata.json");
        String before = Files.readString(metadata);

        EngineExecutionResults refresh = runCaching(SquaresTestCase.class, directory,
                LabtechCached.MODE_PROPERTY_NAME, "refresh");

        assertThat(SQUARES).hasValue(2);
        assertThat(reports(refresh)).singleElement().asString().startsWith("computed ");
        assertThat(Files.readString(metadata)).isNotEqualTo(before);
        assertThat(entries(directory)).hasSize(1);
    }

    @Test
    void offComputesEveryCallAndStoresNothing() throws Exception {
        runCaching(SeveralCallsTestCase.class, directory, LabtechCached.MODE_PROPERTY_NAME, "off");

        assertThat(SQUARES).hasValue(3);
        assertThat(entries(directory)).isEmpty();
    }

    @Test
    void ciEnvironmentMeansNullStorageUnlessStorageIsSetExplicitly() throws Exception {
        assertThat(System.getenv("CI")).as("the build runs tests with CI=true").isEqualTo("true");
        Path defaultDirectory = directory.resolve("ci");

        try (LogRecorder log = new LogRecorder()) {
            run(SquaresTestCase.class, LabtechCached.STORAGE_DIR_PROPERTY_NAME, defaultDirectory.toString());
            assertThat(log.messages(Level.INFO)).filteredOn(message -> message.contains("CI environment detected"))
                    .singleElement().asString()
                    .isEqualTo("[labtech] CI environment detected (CI=true), so nothing is cached; "
                            + "set labtech.storage=local to cache anyway");
        }
        assertThat(defaultDirectory).doesNotExist();

        run(SquaresTestCase.class, LabtechCached.STORAGE_DIR_PROPERTY_NAME, defaultDirectory.toString(),
                LabtechCached.STORAGE_PROPERTY_NAME, "local");
        assertThat(entries(defaultDirectory)).hasSize(1);
    }
}
