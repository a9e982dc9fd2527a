package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.GzipJsonCacheTests;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.cache.StreamCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether an entry is stale is judged as the cache that wrote it would judge it, and a nested call
 * is re-checked from what its entry records, without rebuilding its arguments: an entry the next
 * run loads is never listed stale (and so never removed by {@code labtech:clear -Dlabtech.stale}).
 */
class StaleJudgementTests {

    /** Stores strings as their UTF-8 bytes. */
    public static class TextCache extends StreamCache<String> {
        public TextCache() {
            super((text, out) -> out.write(text.getBytes(StandardCharsets.UTF_8)),
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A plain class without a no-arg constructor, as arguments often are. */
    static final class Params {
        final int size;

        Params(int size) {
            this.size = size;
        }
    }

    record Shape(String name, List<Integer> sides) {
    }

    static final AtomicInteger COMPUTED = new AtomicInteger();
    static Path FILE;

    interface EveryCache {
        @LabtechCached
        default List<String> binary(int n) {
            COMPUTED.incrementAndGet();
            return List.of("b" + n);
        }

        @LabtechCached(cache = JsonCache.class)
        default Map<String, Integer> json(int n) {
            COMPUTED.incrementAndGet();
            return Map.of("j", n);
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default java.util.ArrayList<Integer> java(int n) {
            COMPUTED.incrementAndGet();
            return new java.util.ArrayList<>(List.of(n));
        }

        @LabtechCached(cache = TextCache.class)
        default String stream(int n) {
            COMPUTED.incrementAndGet();
            return "s" + n;
        }

        @LabtechCached(cache = GzipJsonCacheTests.GzipJsonCache.class)
        default List<String> custom(int n) {
            COMPUTED.incrementAndGet();
            return List.of("c" + n);
        }
    }

    interface Nested {
        @LabtechCached
        default int parent(int n) {
            COMPUTED.incrementAndGet();
            return child(new Params(n)) + shaped(new Shape("square", List.of(n, n, n, n)));
        }

        @LabtechCached
        default int child(Params params) {
            COMPUTED.incrementAndGet();
            return params.size * 10;
        }

        @LabtechCached
        default int shaped(Shape shape) {
            COMPUTED.incrementAndGet();
            return shape.sides().size();
        }

        @LabtechCached
        default int reads() throws java.io.IOException {
            COMPUTED.incrementAndGet();
            return length(FILE) + 1;
        }

        @LabtechCached
        default int length(Path file) throws java.io.IOException {
            COMPUTED.incrementAndGet();
            return Files.readString(file).length();
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        COMPUTED.set(0);
    }

    private Lab lab() {
        return new Lab(new LocalStorage(directory.resolve("cache")));
    }

    /** Each entry of the storage with why it is stale, as {@code labtech:list} shows it. */
    private Map<String, Optional<String>> staleness(Lab lab) {
        return lab.cachedResults().stream().collect(Collectors.toMap(CachedResult::fixture,
                result -> lab.whyStale(result, getClass().getClassLoader())));
    }

    @Test
    void entriesOfEveryBuiltInCacheAndACustomOneAreCurrentThoughTheDefaultCacheDidNotWriteThem() {
        EveryCache fixtures = lab().fixtures(EveryCache.class);
        List<Object> computed = List.of(fixtures.binary(1), fixtures.json(1), fixtures.java(1), fixtures.stream(1),
                fixtures.custom(1));

        Lab next = lab();
        assertThat(staleness(next)).hasSize(5).allSatisfy((fixture, why) -> assertThat(why).as(fixture).isEmpty());
        EveryCache loaded = next.fixtures(EveryCache.class);
        assertThat(List.of(loaded.binary(1), loaded.json(1), loaded.java(1), loaded.stream(1), loaded.custom(1)))
                .isEqualTo(computed);
        assertThat(COMPUTED).as("all loaded").hasValue(5);
    }

    @Test
    void aNestedCallWhoseArgumentHasNoNoArgConstructorIsCheckedWithoutBuildingIt() {
        assertThat(lab().fixtures(Nested.class).parent(3)).isEqualTo(34);
        assertThat(COMPUTED).hasValue(3);

        Lab next = lab();
        assertThat(staleness(next)).containsOnlyKeys("Nested#parent", "Nested#child", "Nested#shaped").allSatisfy((fixture, why) -> assertThat(why).as(fixture).isEmpty());
        assertThat(next.fixtures(Nested.class).parent(3)).isEqualTo(34);
        assertThat(COMPUTED).as("the parent is loaded, not computed again").hasValue(3);
    }

    @Test
    void aNestedCallWhoseFileChangedMakesItsCallerStale() throws Exception {
        FILE = Files.writeString(directory.resolve("data.txt"), "abc");
        assertThat(lab().fixtures(Nested.class).reads()).isEqualTo(4);

        Files.writeString(FILE, "abcdef");

        Lab next = lab();
        assertThat(staleness(next).get("Nested#reads")).get().asString()
                .isEqualTo("the nested fixture Nested#length(\"" + FILE + "\") changed (its code, inputs or files)");
        assertThat(staleness(next).get("Nested#length")).get().asString().isEqualTo("file " + FILE + " changed");
        assertThat(next.fixtures(Nested.class).reads()).isEqualTo(7);
        assertThat(COMPUTED).hasValue(4);
    }
}
