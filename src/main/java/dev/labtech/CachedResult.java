package dev.labtech;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry in a storage, as {@link Lab#cachedResults()} lists it.
 *
 * @param key             the entry's cache key
 * @param fixture         the fixture, {@code ModelFixtures#model}; for a damaged entry, as its key names it
 * @param fixtureType     the fixture interface's full name, {@code com.example.ModelFixtures}; empty if damaged
 * @param version         the fixture's {@code version}, {@code ""} if none
 * @param returnType      the fixture method's declared return type, {@code java.util.List<com.example.Row>}
 * @param arguments       the call's arguments as people read them, {@code "iris", 10}
 * @param sizeBytes       the bytes the entry occupies, {@code -1} if the storage cannot tell
 * @param created         when the result was computed
 * @param computeDuration how long computing it took
 * @param cache           the class name of the cache that wrote it
 * @param lastUsed        when it was last loaded or written, as far as the storage can tell
 * @param problem         why the entry cannot be used, or empty when it is intact
 * @since 0.1.0
 */
public record CachedResult(
        String key,
        String fixture,
        String fixtureType,
        String version,
        String returnType,
        String arguments,
        long sizeBytes,
        Instant created,
        Duration computeDuration,
        String cache,
        Optional<Instant> lastUsed,
        Optional<String> problem) {

    /** Whether the entry is incomplete or unreadable and will be recomputed when next asked for. */
    public boolean damaged() {
        return problem.isPresent();
    }

    /** An entry whose metadata cannot be read: only its key, and the fixture the key names, are known. */
    public static CachedResult damaged(String key, String fixture, long sizeBytes, String problem) {
        return new CachedResult(key, fixture, "", "", "", "", sizeBytes, Instant.EPOCH, Duration.ZERO, "",
                Optional.empty(), Optional.of(problem));
    }
}
