package dev.labtech.junit;

import dev.labtech.cache.JsonCache;
import static dev.labtech.junit.EngineRuns.entries;
import static dev.labtech.junit.EngineRuns.failures;
import static dev.labtech.junit.EngineRuns.reports;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labtech.LogRecorder;
import dev.labtech.cache.JavaSerializationCache;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A cache problem is never a failing test; a fixture's own failure always is. */
class FaultToleranceTests {

    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicInteger GADGETS_LOADED = new AtomicInteger();

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
        GADGETS_LOADED.set(0);
    }

    /** Has no no-arg constructor and no creator: Jackson cannot rebuild it. */
    public static final class Opaque {
        private final String value;

        public Opaque(String value, int ignored) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** What a malicious or stale data.ser could contain: a class the fixture never returns. */
    public static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            GADGETS_LOADED.incrementAndGet();
        }
    }

    public interface Fixtures {

        @LabtechCached(cache = JsonCache.class)
        default List<String> words(int count) {
            CALLS.incrementAndGet();
            List<String> words = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                words.add("word" + i);
            }
            return words;
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default ArrayList<String> serializedWords(int count) {
            return new ArrayList<>(words(count));
        }

        @LabtechCached(cache = JsonCache.class)
        default Opaque opaque(String value) {
            CALLS.incrementAndGet();
            return new Opaque(value, 0);
        }

        @LabtechCached
        default String failing(String message) {
            CALLS.incrementAndGet();
            throw new IllegalStateException(message);
        }

        @LabtechCached
        default String describe(Object anything) {
            return String.valueOf(anything);
        }

        @LabtechCached
        default int ping(int n) {
            return pong(n) + 1;
        }

        @LabtechCached
        default int pong(int n) {
            return ping(n) + 1;
        }
    }

    @LabtechCached
    static class WordsTestCase {
        @Test
        void words(Fixtures fixtures) {
            assertEquals(List.of("word0", "word1", "word2"), fixtures.words(3));
        }
    }

    @Test
    void aTruncatedEntryIsRecomputedAndOverwrittenWithOneWarning() throws Exception {
        runCaching(WordsTestCase.class, directory);
        Path data = entries(directory).get(0).resolve("data.json");
        String intact = Files.readString(data);
        Files.writeString(data, intact.substring(0, intact.length() / 2));

        try (LogRecorder log = new LogRecorder()) {
            EngineExecutionResults results = runCaching(WordsTestCase.class, directory);

            results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry json__Fixtures-words__")
                    .contains("computing it again");
        }
        assertThat(CALLS).hasValue(2);
        assertThat(data).hasContent(intact);
        assertThat(reports(runCaching(WordsTestCase.class, directory))).singleElement().asString().startsWith("loaded ");
    }

    @LabtechCached
    static class OpaqueTestCase {
        @Test
        void opaque(Fixtures fixtures) {
            assertEquals("x", fixtures.opaque("x").value());
            assertEquals("x", fixtures.opaque("x").value());
        }
    }

    @Test
    void aResultJsonCannotRebuildIsRefusedAtSaveTimeWithOneWarning() throws Exception {
        try (LogRecorder log = new LogRecorder()) {
            EngineExecutionResults results = runCaching(OpaqueTestCase.class, directory);

            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not cache the result of Fixtures#opaque; the test gets the computed value. "
                            + "JsonCache cannot store the result of Fixtures#opaque faithfully: "
                            + "dev.labtech.junit.FaultToleranceTests$Opaque — Jackson cannot rebuild it")
                    .endsWith("Use @LabtechCached(cache = BinaryCache.class), the default, for this fixture.");
        }
        assertThat(entries(directory)).isEmpty();
    }

    @LabtechCached
    static class FailingTestCase {
        @Test
        void failing(Fixtures fixtures) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> fixtures.failing("boom"));
            assertEquals("boom", thrown.getMessage());
        }
    }

    @Test
    void aThrowingFixturePropagatesItsExceptionAndStoresNothing() throws Exception {
        runCaching(FailingTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));
        runCaching(FailingTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(CALLS).hasValue(2);
        assertThat(entries(directory)).isEmpty();
    }

    @LabtechCached
    static class ThreadArgumentTestCase {
        @Test
        void thread(Fixtures fixtures) {
            fixtures.describe(new Thread());
        }
    }

    @Test
    void anArgumentThatCannotBeKeyedFailsTheTestNamingFixtureParameterAndType() {
        EngineExecutionResults results = runCaching(ThreadArgumentTestCase.class, directory);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .startsWith("Cannot build a cache key for Fixtures#describe: parameter 0 'anything' of type "
                        + "java.lang.Object holds a java.lang.Thread");
    }

    @LabtechCached
    static class CycleTestCase {
        @Test
        void cycle(Fixtures fixtures) {
            fixtures.ping(1);
        }
    }

    @Test
    void aFixtureThatNeedsItsOwnResultIsACycleError() {
        EngineExecutionResults results = runCaching(CycleTestCase.class, directory);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .isEqualTo("Fixture cycle: Fixtures#ping(1) -> Fixtures#pong(1) -> Fixtures#ping(1). "
                        + "A cached fixture cannot depend on its own result.");
    }

    @LabtechCached
    static class SerializedWordsTestCase {
        @Test
        void words(Fixtures fixtures) {
            assertEquals(List.of("word0", "word1"), fixtures.serializedWords(2));
        }
    }

    @Test
    void theDeserializationFilterRejectsAClassTheFixtureCannotReturn() throws Exception {
        runCaching(SerializedWordsTestCase.class, directory);
        Path entry = entries(directory).stream()
                .filter(path -> path.getFileName().toString().startsWith("java__"))
                .findFirst().orElseThrow();
        dev.labtech.EntryEdits.rewriteSerialized(entry, "data.ser", new Gadget());

        try (LogRecorder log = new LogRecorder()) {
            EngineExecutionResults results = runCaching(SerializedWordsTestCase.class, directory);

            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry java__Fixtures-serializedWords__")
                    .endsWith("of Fixtures#serializedWords holds a dev.labtech.junit.FaultToleranceTests$Gadget, "
                            + "which is not among the classes the fixture can return, so it was not deserialized");
        }
        assertThat(GADGETS_LOADED).hasValue(0);
    }
}
