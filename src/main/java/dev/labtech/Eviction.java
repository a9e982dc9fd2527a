package dev.labtech;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which cached results to remove so that a storage fits a size bound ({@code labtech.maxSize}, at
 * the end of a test run and in {@code labtech:clear -Dlabtech.maxSize}): stale and damaged ones
 * first, then those whose computing time saved per byte is least — a 1 kB result that took 11 s
 * outlives a 12 MB one that took 0.4 s — the least recently used first among equals. Values
 * within a factor of two of each other are equal (and a computation under a millisecond counts
 * as one), so that timing noise does not overrule recency. Only as many as needed, in that order.
 */
final class Eviction {

    private Eviction() {
    }

    /**
     * The results to remove, in the order to remove them, so that all of {@code all} together take
     * at most {@code maxBytes}; only {@code removable} ones are chosen.
     *
     * @param stale whether a result is stale (the current code would not load it)
     */
    static List<CachedResult> choose(List<CachedResult> all, Predicate<CachedResult> removable,
                                     Predicate<CachedResult> stale, long maxBytes) {
        long total = all.stream().mapToLong(Eviction::bytes).sum();
        if (total <= maxBytes) {
            return List.of();
        }
        List<Ranked> ranked = new ArrayList<>();
        for (CachedResult result : all) {
            if (removable.test(result)) {
                ranked.add(new Ranked(result, result.damaged() || stale.test(result)));
            }
        }
        ranked.sort(ORDER);
        List<CachedResult> chosen = new ArrayList<>();
        for (Ranked candidate : ranked) {
            if (total <= maxBytes) {
                break;
            }
            chosen.add(candidate.result());
            total -= bytes(candidate.result());
        }
        return chosen;
    }

    /** Stale first; then the least computing time per byte, by factors of two; then the least recently used. */
    private static final Comparator<Ranked> ORDER = Comparator.comparing((Ranked ranked) -> !ranked.stale())
            .thenComparingInt(ranked -> value(ranked.result()))
            .thenComparing(ranked -> lastUsed(ranked.result()));

    private record Ranked(CachedResult result, boolean stale) {
    }

    private static final long MILLISECOND = 1_000_000;

    /** The binary order of magnitude of the nanoseconds of computing a load saves per byte of the result. */
    static int value(CachedResult result) {
        double perByte = (double) Math.max(MILLISECOND, result.computeDuration().toNanos()) / Math.max(1, bytes(result));
        return Math.getExponent(perByte);
    }

    private static Instant lastUsed(CachedResult result) {
        return result.lastUsed().orElse(result.created());
    }

    private static long bytes(CachedResult result) {
        return Math.max(0, result.sizeBytes());
    }
}
