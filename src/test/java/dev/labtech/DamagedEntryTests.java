package dev.labtech;

import dev.labtech.cache.JsonCache;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each way an entry can be damaged: a miss with one warning, recomputed and overwritten, listed gracefully. */
class DamagedEntryTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    record Reading(String sensor, double value) {
    }

    static final class Sample implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] values;

        Sample(double[] values) {
            this.values = values;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sample sample && Arrays.equals(values, sample.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    interface Fixtures {
        @LabtechCached(cache = JsonCache.class)
        default List<Reading> readings(int count) {
            CALLS.incrementAndGet();
            return IntStream.range(0, count).mapToObj(i -> new Reading("s" + i, i * 1.5)).toList();
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default Sample sample(int count) {
            CALLS.incrementAndGet();
            return new Sample(IntStream.range(0, count).mapToDouble(i -> i / 3.0).toArray());
        }
    }

    /** A kind of damage, applied to the entry directory of the JSON ({@code readings}) or Java ({@code sample}) fixture. */
    enum Damage {
        TRUNCATED_RESULT(true) {
            @Override
            void apply(Path entry) throws IOException {
                Path data = entry.resolve("data.json");
                byte[] bytes = Files.readAllBytes(data);
                Files.write(data, Arrays.copyOf(bytes, bytes.length / 2));
            }
        },
        EMPTY_RESULT(false) {
            @Override
            void apply(Path entry) throws IOException {
                Files.write(entry.resolve("data.ser"), new byte[0]);
            }
        },
        GARBAGE_METADATA(true) {
            @Override
            void apply(Path entry) throws IOException {
                Files.writeString(entry.resolve("metadata.json"), "{\"labtech_version\": \u0000 garbage");
            }
        },
        MISSING_RESULT_FILE(false) {
            @Override
            void apply(Path entry) throws IOException {
                Files.delete(entry.resolve("data.ser"));
            }
        },
        WRITTEN_BY_ANOTHER_CACHE(true) {
            @Override
            void apply(Path entry) throws IOException {
                edit(entry.resolve("metadata.json"), metadata -> metadata
                        .replace("dev.labtech.cache.JsonCache", "dev.labtech.cache.JavaSerializationCache")
                        .replace("\"data.json\"", "\"data.ser\""));
                Files.delete(entry.resolve("data.json"));
                EntryEdits.rewriteSerialized(entry, "data.ser", new java.util.ArrayList<>(List.of("from", "elsewhere")));
            }
        },
        JSON_OF_AN_OLDER_CLASS(true) {
            @Override
            void apply(Path entry) throws IOException {
                EntryEdits.rewrite(entry, "data.json", Files.readString(entry.resolve("data.json"))
                        .replace("\"value\"", "\"reading\"").getBytes(StandardCharsets.UTF_8));
            }
        },
        CLASS_SHAPE_CHANGED(true) {
            @Override
            void apply(Path entry) throws IOException {
                edit(entry.resolve("metadata.json"), metadata -> metadata
                        .replaceFirst("\"shape\":\"[0-9a-f]+\"", "\"shape\":\"0123456789abcdef\""));
            }
        },
        SERIALIZED_BY_AN_INCOMPATIBLE_CLASS(false) {
            @Override
            void apply(Path entry) throws IOException {
                Path data = entry.resolve("data.ser");
                byte[] bytes = Files.readAllBytes(data);
                byte[] name = Sample.class.getName().getBytes(StandardCharsets.UTF_8);
                int at = indexOf(bytes, name);
                bytes[at + name.length + 7] ^= 0x55; // the last byte of serialVersionUID
                EntryEdits.rewrite(entry, "data.ser", bytes);
            }
        },
        UNKNOWN_LABTECH_VERSION(true) {
            @Override
            void apply(Path entry) throws IOException {
                edit(entry.resolve("metadata.json"), metadata -> metadata
                        .replaceFirst("\"labtech_version\":\"[^\"]*\"", "\"labtech_version\":\"9.0.0\"")
                        .replaceFirst("\"format\":\\d+", "\"format\":9"));
            }
        },
        A_DANGEROUS_CLASS_IN_THE_RESULT(false) {
            @Override
            void apply(Path entry) throws IOException {
                EntryEdits.rewriteSerialized(entry, "data.ser",
                        new BadAttributeValueExpException("a classic deserialization gadget"));
            }
        };

        final boolean json;

        Damage(boolean json) {
            this.json = json;
        }

        abstract void apply(Path entry) throws IOException;

        Object call(Fixtures fixtures) {
            return json ? fixtures.readings(20) : fixtures.sample(20);
        }

        String fixture() {
            return json ? "Fixtures#readings" : "Fixtures#sample";
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    private Fixtures fixtures() {
        return new Lab(new LocalStorage(directory)).fixtures(Fixtures.class);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedEntryIsAMissWithOneWarningAndIsOverwritten(Damage damage) throws IOException {
        Object right = damage.call(fixtures());
        Path entry = onlyEntry();
        damage.apply(entry);

        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).singleElement()
                .satisfies(listed -> assertThat(listed.fixture()).isEqualTo(damage.fixture()));
        try (LogRecorder log = new LogRecorder()) {
            assertThat(damage.call(fixtures())).isEqualTo(right);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry " + entry.getFileName());
        }
        try (LogRecorder log = new LogRecorder()) {
            Lab lab = new Lab(new LocalStorage(directory));
            assertThat(damage.call(lab.fixtures(Fixtures.class))).isEqualTo(right);
            assertThat(lab.statistics().loaded()).as("loaded after being overwritten").isEqualTo(1);
            assertThat(log.warnings()).isEmpty();
            assertThat(lab.cachedResults()).singleElement().satisfies(result -> assertThat(result.damaged()).isFalse());
        }
        assertThat(CALLS).hasValue(2);
        try (Stream<Path> files = Files.list(entry)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("metadata.json", damage.json ? "data.json" : "data.ser");
        }
    }

    private Path onlyEntry() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> all = entries.filter(path -> !path.getFileName().toString().startsWith(".")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static void edit(Path file, java.util.function.UnaryOperator<String> change) throws IOException {
        Files.writeString(file, change.apply(Files.readString(file)));
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
