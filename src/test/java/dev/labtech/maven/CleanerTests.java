package dev.labtech.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.ReadOnlyMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** labtech:clear -Dlabtech.maxSize removes the least recently used results first, and only as many as needed. */
class CleanerTests {

    interface Fixtures {
        @LabtechCached
        default String text(int n) throws InterruptedException {
            Thread.sleep(20); // the same computing time per byte for each, within a factor of two: recency decides
            return "x".repeat(1_000);
        }
    }

    /** Stores strings as their UTF-8 bytes. */
    public static class TextCache extends dev.labtech.cache.StreamCache<String> {
        public TextCache() {
            super((text, out) -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    in -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    interface EveryCache {
        @LabtechCached
        default List<String> binary(int n) {
            return List.of("b" + n);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default List<String> json(int n) {
            return List.of("j" + n);
        }

        @LabtechCached(cache = dev.labtech.cache.JavaSerializationCache.class)
        default java.util.ArrayList<Integer> java(int n) {
            return new java.util.ArrayList<>(List.of(n));
        }

        @LabtechCached(cache = TextCache.class)
        default String stream(int n) {
            return "s" + n;
        }

        @LabtechCached(cache = dev.labtech.cache.GzipJsonCacheTests.GzipJsonCache.class)
        default List<String> custom(int n) {
            return List.of("c" + n);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default int length(Path file) throws java.io.IOException {
            return Files.readString(file).length();
        }
    }

    @TempDir
    Path directory;

    @Test
    void clearingStaleEntriesLeavesTheCurrentOnesOfEveryCacheAndRemovesTheStaleOne() throws Exception {
        Path file = Files.writeString(directory.resolve("input.txt"), "abc");
        Path storage = directory.resolve("cache");
        EveryCache fixtures = new Lab(new LocalStorage(storage)).fixtures(EveryCache.class);
        fixtures.binary(1);
        fixtures.json(1);
        fixtures.java(1);
        fixtures.stream(1);
        fixtures.custom(1);
        fixtures.length(file);
        Files.writeString(file, "abcdef");

        Lab goal = new Lab(new LocalStorage(storage));
        ClassLoader classes = getClass().getClassLoader();
        Cleaner.Outcome outcome = new Cleaner(goal, new SystemStreamLog())
                .clear(EntryFilter.parse(null, null, true, result -> goal.whyStale(result, classes)), Instant.now());

        assertThat(outcome.removed()).isEqualTo(1);
        assertThat(goal.cachedResults()).extracting(CachedResult::fixture).containsExactlyInAnyOrder(
                "EveryCache#binary", "EveryCache#json", "EveryCache#java", "EveryCache#stream", "EveryCache#custom");
    }

    @Test
    void amongResultsOfEqualValueTrimmingRemovesTheLeastRecentlyUsedUntilTheRestFits() throws Exception {
        Lab lab = new Lab(new LocalStorage(directory));
        Fixtures fixtures = lab.fixtures(Fixtures.class);
        for (int n = 1; n <= 3; n++) {
            fixtures.text(n);
        }
        // Used long ago, then recently, then in between: n=1 oldest, n=3 next, n=2 newest.
        Instant now = Instant.now();
        useAt(lab, "(1)", now.minusSeconds(3_000));
        useAt(lab, "(2)", now.minusSeconds(10));
        useAt(lab, "(3)", now.minusSeconds(1_000));
        List<CachedResult> all = lab.cachedResults();
        long total = all.stream().mapToLong(CachedResult::sizeBytes).sum();
        long one = all.get(0).sizeBytes();

        Cleaner.Outcome outcome = new Cleaner(lab, new SystemStreamLog())
                .trim(EntryFilter.parse(null, null), now, total - one - one / 2);

        assertThat(outcome.removed()).isEqualTo(2);
        assertThat(lab.cachedResults()).extracting(CachedResult::arguments).containsExactly("2");
    }

    @Test
    void aReadOnlyDirectoryIsLeftAsItIsWithOneWarningForTheWholeClear() throws Exception {
        try (ReadOnlyMount mount = ReadOnlyMount.on(directory.resolve("cache"))) {
            Fixtures fixtures = new Lab(new LocalStorage(mount.directory())).fixtures(Fixtures.class);
            for (int n = 1; n <= 3; n++) {
                fixtures.text(n);
            }
            mount.remountReadOnly();
            Lab goal = new Lab(new LocalStorage(mount.directory()));
            List<String> warnings = new java.util.ArrayList<>();
            org.apache.maven.plugin.logging.Log log = new SystemStreamLog() {
                @Override
                public void warn(CharSequence content) {
                    warnings.add(content.toString());
                }
            };

            Cleaner.Outcome cleared = new Cleaner(goal, log).clear(EntryFilter.parse(null, null), Instant.now());
            Cleaner.Outcome trimmed = new Cleaner(goal, log).trim(EntryFilter.parse(null, null), Instant.now(), 0);

            assertThat(cleared).isEqualTo(new Cleaner.Outcome(0, 0, 3));
            assertThat(trimmed).isEqualTo(new Cleaner.Outcome(0, 0, 3));
            assertThat(warnings).hasSize(2).allSatisfy(warning -> assertThat(warning)
                    .startsWith("local directory " + mount.directory() + " (read-only) cannot be written, so none of the 3 cached results")
                    .endsWith("could be removed. Nothing was changed."));
            assertThat(goal.cachedResults()).hasSize(3);
        }
    }

    private static void useAt(Lab lab, String arguments, Instant when) throws Exception {
        Path storage = ((LocalStorage) lab.storage()).directory();
        CachedResult result = lab.cachedResults().stream()
                .filter(entry -> ("(" + entry.arguments() + ")").equals(arguments)).findFirst().orElseThrow();
        Files.setLastModifiedTime(storage.resolve(result.key()), FileTime.from(when));
    }
}
