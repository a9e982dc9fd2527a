package dev.labtech.junit;

import static dev.labtech.junit.EngineRuns.entries;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.StandardOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code labtech.maxSize} bounds the storage directory at the end of a test run that stored
 * results: stale entries go first, then those saving the least computing time per byte, with one
 * line saying what went; and a run that superseded entries says how many stay, and how to remove them.
 */
class MaxSizeTests {

    static Path input;

    interface Fixtures {
        @LabtechCached
        default String model() throws InterruptedException {
            Thread.sleep(300);
            return "weights";
        }

        @LabtechCached
        default byte[] dataset(int seed) {
            byte[] bytes = new byte[300_000];
            new java.util.Random(seed).nextBytes(bytes);
            return bytes;
        }

        @LabtechCached
        default String words(Path file) throws Exception {
            Thread.sleep(300);
            return Files.readString(file);
        }
    }

    @LabtechCached
    static class SweepTestCase {
        @Test
        void usesAll(Fixtures fixtures) throws Exception {
            assertThat(fixtures.model()).isEqualTo("weights");
            assertThat(fixtures.dataset(1)).hasSize(300_000);
            assertThat(fixtures.dataset(2)).hasSize(300_000);
        }
    }

    @LabtechCached
    static class ModelTestCase {
        @Test
        void usesTheModel(Fixtures fixtures) throws Exception {
            assertThat(fixtures.model()).isEqualTo("weights");
        }
    }

    @LabtechCached
    static class WordsTestCase {
        @Test
        void usesWords(Fixtures fixtures) throws Exception {
            assertThat(fixtures.words(input)).isEqualTo(Files.readString(input));
            assertThat(fixtures.dataset(3)).hasSize(300_000);
        }
    }

    @TempDir
    Path directory;

    @Test
    void anExpensiveSmallResultOutlivesCheapLargeOnesAndTheRunSaysWhatWent() throws Exception {
        Path cache = directory.resolve("cache");
        Path summary = directory.resolve("summary.json");
        try (StandardOutput out = new StandardOutput()) {
            assertSucceeded(runCaching(SweepTestCase.class, cache, LabtechCached.MAX_SIZE_PROPERTY_NAME, "400kB",
                    LabtechCached.SUMMARY_FILE_PROPERTY_NAME, summary.toString()));
            assertThat(out.labtechLines()).filteredOn(line -> line.contains("labtech.maxSize")).singleElement().asString()
                    .matches("\\[labtech\\] labtech\\.maxSize 400\\.0 kB: removed 1 cached result \\(300\\.\\d kB; 0 stale, "
                            + "then those saving the least computing time per byte\\); 30\\d\\.\\d kB remain");
        }
        List<String> kept = names(cache);
        assertThat(kept).hasSize(2).anySatisfy(name -> assertThat(name).contains("Fixtures-model"))
                .anySatisfy(name -> assertThat(name).contains("Fixtures-dataset"));
        Map<?, ?> lab = (Map<?, ?>) ((List<?>) ((Map<?, ?>) dev.labtech.internal.JsonText.parse(Files.newInputStream(summary)))
                .get("labs")).get(0);
        assertThat(((Number) lab.get("evicted")).longValue()).isEqualTo(1L);
        assertThat(((Number) lab.get("evicted_bytes")).longValue()).isBetween(300_000L, 301_000L);

        try (StandardOutput out = new StandardOutput()) {
            assertSucceeded(runCaching(ModelTestCase.class, cache, LabtechCached.MAX_SIZE_PROPERTY_NAME, "100kB"));
            assertThat(out.labtechLines()).as("a run that stored nothing new trims nothing")
                    .noneSatisfy(line -> assertThat(line).contains("labtech.maxSize"));
        }
        assertThat(names(cache)).hasSize(2);
    }

    @Test
    void aRunSaysWhatItSupersededAndTheBoundRemovesStaleEntriesFirst() throws Exception {
        Path cache = directory.resolve("cache");
        input = Files.writeString(directory.resolve("words.txt"), "alpha beta");
        assertSucceeded(runCaching(WordsTestCase.class, cache));
        Files.writeString(input, "alpha beta gamma");

        try (StandardOutput out = new StandardOutput()) {
            assertSucceeded(runCaching(WordsTestCase.class, cache));
            assertThat(out.labtechLines()).anySatisfy(line -> assertThat(line).matches(java.util.regex.Pattern.quote(
                    "[labtech] 1 stale result (") + "\\d+ B" + java.util.regex.Pattern.quote("), superseded by this run's, stay in "
                    + "local directory " + cache.toAbsolutePath() + ": mvn labtech:clear -Dlabtech.stale removes them")));
        }
        assertThat(names(cache)).hasSize(3);

        Files.writeString(input, "alpha beta gamma delta");
        long dataset = sizeOf(cache, "Fixtures-dataset");
        long words = sizeOf(cache, "Fixtures-words") / 2;
        long bound = dataset + words + 100; // the dataset and one words entry fit, not two
        try (StandardOutput out = new StandardOutput()) {
            // The two stale words entries took as long to compute as the current one, and are small:
            // by value they would stay, and the dataset would go; but stale goes first.
            assertSucceeded(runCaching(WordsTestCase.class, cache, LabtechCached.MAX_SIZE_PROPERTY_NAME, Long.toString(bound)));
            assertThat(out.labtechLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("[labtech] labtech.maxSize ").contains(": removed 2 cached results (").contains("; 2 stale, "));
            assertThat(out.labtechLines()).noneSatisfy(line -> assertThat(line).contains("superseded by this run's"));
        }
        assertThat(names(cache)).hasSize(2).anySatisfy(name -> assertThat(name).contains("Fixtures-dataset"));
        assertThat(sizeOf(cache, "")).isLessThanOrEqualTo(bound);
    }

    private static long sizeOf(Path cache, String named) throws Exception {
        long bytes = 0;
        for (Path entry : entries(cache)) {
            if (entry.getFileName().toString().contains(named)) {
                try (var files = Files.list(entry)) {
                    bytes += files.mapToLong(file -> file.toFile().length()).sum();
                }
            }
        }
        return bytes;
    }


    private static List<String> names(Path cache) throws Exception {
        return entries(cache).stream().map(entry -> entry.getFileName().toString()).toList();
    }

    private static void assertSucceeded(EngineExecutionResults results) {
        assertThat(EngineRuns.failures(results)).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }
}
