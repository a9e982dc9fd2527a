package dev.labtech.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.Lab;
import dev.labtech.Task;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The custom cache docs/caches.md shows, kept here so the snippet always compiles and works. */
public class GzipJsonCacheTests {

    public static class GzipJsonCache extends BaseCache {

        private final JsonMapper mapper = JsonMapper.builder().build();

        public GzipJsonCache() {
            super("gzjson__", "data.json.gz");
        }

        @Override
        protected void saveResult(Storage storage, CacheKey key, Object result) throws IOException {
            storage.write(key.value(), resultFileName(), out -> {
                try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
                    zip.write(mapper.writeValueAsBytes(result));
                }
            });
        }

        @Override
        protected Object loadResult(Storage storage, CacheKey key) throws IOException {
            try (InputStream in = new GZIPInputStream(storage.read(key.value(), resultFileName()))) {
                return mapper.readValue(in, mapper.constructType(key.task().method().getGenericReturnType()));
            }
        }
    }

    /** Jackson writes it by its getter but cannot make one again: no creator, no no-arg constructor. */
    public static final class Opaque {
        private final String name;

        public Opaque(String name, int unused) {
            this.name = name;
        }

        public String getName() {
            return name;
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger COMPUTED = new java.util.concurrent.atomic.AtomicInteger();

    interface Fixtures {
        @LabtechCached(cache = GzipJsonCache.class)
        default List<String> names(int count) {
            return java.util.stream.IntStream.range(0, count).mapToObj(i -> "name" + i).toList();
        }

        @LabtechCached(cache = GzipJsonCache.class)
        default Opaque opaque(String name) {
            COMPUTED.incrementAndGet();
            return new Opaque(name, 0);
        }
    }

    /** What a cache writes but cannot read is refused at save, once, and never committed. */
    @Test
    void aResultTheCacheCannotReadBackIsRefusedAtSave() {
        COMPUTED.set(0);
        try (dev.labtech.LogRecorder log = new dev.labtech.LogRecorder()) {
            assertThat(Lab.builder().storage(new LocalStorage(directory)).build().fixtures(Fixtures.class).opaque("x")
                    .getName()).isEqualTo("x");
            assertThat(log.warnings()).singleElement().asString()
                    .contains("GzipJsonCache cannot store the result of Fixtures#opaque: reading back what it wrote failed")
                    .contains(Opaque.class.getName());
        }
        Lab lab = Lab.builder().storage(new LocalStorage(directory)).build();
        assertThat(lab.cachedResults()).as("nothing committed").isEmpty();
        try (dev.labtech.LogRecorder log = new dev.labtech.LogRecorder()) {
            assertThat(lab.fixtures(Fixtures.class).opaque("x").getName()).isEqualTo("x");
            assertThat(log.warnings()).singleElement().asString().contains("reading back what it wrote failed")
                    .doesNotContain("damaged");
        }
        assertThat(COMPUTED).hasValue(2);
    }

    @TempDir
    Path directory;

    @Test
    void aCustomCacheStoresAndLoadsThroughBaseCache() throws IOException {
        Lab.builder().storage(new LocalStorage(directory)).build().fixtures(Fixtures.class).names(3);
        Lab lab = Lab.builder().storage(new LocalStorage(directory)).build();

        assertThat(lab.fixtures(Fixtures.class).names(3)).containsExactly("name0", "name1", "name2");
        assertThat(lab.statistics().loaded()).isEqualTo(1);
        assertThat(lab.cachedResults()).singleElement().satisfies(result -> {
            assertThat(result.key()).startsWith("gzjson__Fixtures-names__");
            assertThat(result.cache()).isEqualTo(GzipJsonCache.class.getName());
            assertThat(directory.resolve(result.key()).resolve("data.json.gz")).exists();
        });
        try (var entries = Files.list(directory)) {
            assertThat(entries.filter(path -> !path.getFileName().toString().startsWith("."))).hasSize(1);
        }
    }
}
