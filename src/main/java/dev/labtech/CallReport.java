package dev.labtech;

import java.time.Duration;

/**
 * What happened on one call of a cached fixture, as reported to a {@link CallListener}.
 *
 * @param task            the call; {@link #call()} describes it
 * @param key             its cache key
 * @param outcome         where the value came from
 * @param elapsed         how long this call's own work took: computing (a miss), loading (a hit
 *                        from storage, not counting a wait for another process's lock), or
 *                        finding the value in memory
 * @param computeDuration how long computing the value took when it was computed, the one figure
 *                        metadata.json, every log line and labtech:list show; for a load, the
 *                        time saved is {@code computeDuration - elapsed}
 * @since 0.1.0
 */
public record CallReport(Task task, String key, Outcome outcome, Duration elapsed, Duration computeDuration) {

    /** The call as people read it, {@code ModelFixtures#model("iris", 10)}; built when asked for. */
    public String call() {
        return task.describe();
    }

    /** Where a fixture call's value came from. */
    public enum Outcome {
        /** Computed by running the fixture method: a miss. */
        COMPUTED,
        /** Loaded from storage, computed by an earlier run. */
        LOADED,
        /** Held in memory, computed or loaded earlier in this JVM. */
        MEMORY
    }

    /** Whether the value came from a cache rather than a computation. */
    public boolean hit() {
        return outcome != Outcome.COMPUTED;
    }

    /**
     * The computing time this call saved by loading from storage instead: zero for a miss, and for
     * a value reused from memory, which a test suite could as well have kept in a field.
     */
    public Duration saved() {
        Duration saved = computeDuration.minus(elapsed);
        return outcome == Outcome.LOADED && !saved.isNegative() ? saved : Duration.ZERO;
    }

    /**
     * One line for logs and test reports:
     * {@code loaded ModelFixtures#model("iris", 10) from cache in 12 ms (computing took 3.2 s)}.
     */
    public String describe() {
        return switch (outcome) {
            case COMPUTED -> "computed " + call() + " in " + format(computeDuration);
            case LOADED -> "loaded " + call() + " in " + format(elapsed)
                    + " (computing took " + format(computeDuration) + ")";
            case MEMORY -> "reused " + call() + " from memory (computing took " + format(computeDuration) + ")";
        };
    }

    /** {@code 850 ms}, {@code 3.21 s}, {@code 2 min 5 s}: a duration as a person reads it. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.2f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}
