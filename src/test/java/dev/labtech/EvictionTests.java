package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which results a size bound removes: stale and damaged first, then the least computing time per byte, then the oldest use. */
class EvictionTests {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static CachedResult result(String key, long bytes, Duration computing, Duration sinceUse) {
        return new CachedResult(key, "Fixtures#" + key, "com.example.Fixtures", "", "java.lang.Object", "()", bytes,
                NOW.minus(Duration.ofDays(30)), computing, "dev.labtech.cache.BinaryCache",
                Optional.of(NOW.minus(sinceUse)), Optional.empty());
    }

    private static List<String> keys(List<CachedResult> results) {
        return results.stream().map(CachedResult::key).toList();
    }

    @Test
    void anExpensiveSmallResultOutlivesACheapLargeOneThoughUsedLongerAgo() {
        CachedResult model = result("model", 1_000, Duration.ofSeconds(11), Duration.ofDays(20));
        CachedResult dataset = result("dataset", 12_000_000, Duration.ofMillis(400), Duration.ofMinutes(1));

        assertThat(keys(Eviction.choose(List.of(model, dataset), result -> true, result -> false, 5_000_000)))
                .containsExactly("dataset");
        assertThat(keys(Eviction.choose(List.of(model, dataset), result -> true, result -> false, 500)))
                .as("under a bound neither fits, the cheap one goes first").containsExactly("dataset", "model");
    }

    @Test
    void staleAndDamagedResultsGoFirstWhateverTheirValue() {
        CachedResult precious = result("precious", 100, Duration.ofMinutes(5), Duration.ofMinutes(1));
        CachedResult cheap = result("cheap", 1_000_000, Duration.ofMillis(1), Duration.ofDays(9));
        CachedResult damaged = CachedResult.damaged("damaged", "Fixtures#damaged", 50, "unreadable metadata.json");

        List<CachedResult> chosen = Eviction.choose(List.of(precious, cheap, damaged), result -> true,
                result -> result.key().equals("precious"), 1_000_000);

        assertThat(keys(chosen)).containsExactlyInAnyOrder("precious", "damaged");
    }

    @Test
    void amongResultsOfAboutTheSameValueTheLeastRecentlyUsedGoesAndOnlyAsManyAsNeeded() {
        List<CachedResult> all = List.of(
                result("a", 1_000, Duration.ofMillis(100), Duration.ofHours(1)),
                result("b", 1_000, Duration.ofMillis(130), Duration.ofHours(5)), // within a factor of two of a's
                result("c", 1_000, Duration.ofMillis(90), Duration.ofHours(3)),
                result("d", 1_000, Duration.ofMillis(0), Duration.ofHours(2)),   // under a millisecond: one
                result("e", 1_000, Duration.ofMillis(1), Duration.ofHours(9)));

        assertThat(keys(Eviction.choose(all, result -> true, result -> false, 3_000))).containsExactly("e", "d");
        assertThat(keys(Eviction.choose(all, result -> true, result -> false, 1_000))).containsExactly("e", "d", "b", "c");
        assertThat(Eviction.choose(all, result -> true, result -> false, 5_000)).as("already within").isEmpty();
    }

    @Test
    void onlyRemovableResultsAreChosenEvenIfTheBoundIsThenMissed() {
        List<CachedResult> all = List.of(result("kept", 5_000, Duration.ofMillis(1), Duration.ofDays(1)),
                result("other", 1_000, Duration.ofSeconds(1), Duration.ofMinutes(1)));
        Set<String> removable = Set.of("other");

        assertThat(keys(Eviction.choose(all, result -> removable.contains(result.key()), result -> false, 100)))
                .containsExactly("other");
    }
}
