package dev.labtech.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
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
        default String text(int n) {
            return "x".repeat(1_000);
        }
    }

    @TempDir
    Path directory;

    @Test
    void trimmingRemovesTheLeastRecentlyUsedUntilTheRestFits() throws Exception {
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

    private static void useAt(Lab lab, String arguments, Instant when) throws Exception {
        Path storage = ((LocalStorage) lab.storage()).directory();
        CachedResult result = lab.cachedResults().stream()
                .filter(entry -> ("(" + entry.arguments() + ")").equals(arguments)).findFirst().orElseThrow();
        Files.setLastModifiedTime(storage.resolve(result.key()), FileTime.from(when));
    }
}
