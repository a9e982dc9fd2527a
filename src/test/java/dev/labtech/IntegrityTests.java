package dev.labtech;

import dev.labtech.cache.JsonCache;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.StreamCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every load checks the result file's length and CRC-32C recorded in metadata.json: a truncated
 * or altered file is a damaged entry, even when what is left still reads as a value.
 */
class IntegrityTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    /** Stores text as its bytes: any prefix of the file still reads as text. */
    public static final class TextCache extends StreamCache<String> {
        public TextCache() {
            super((text, out) -> out.write(text.getBytes(UTF_8)), in -> new String(in.readAllBytes(), UTF_8));
        }
    }

    interface Fixtures {
        /** Stored as {@code 12}: half of it, {@code 1}, is still a valid int. */
        @LabtechCached(cache = JsonCache.class)
        default int twelve() {
            CALLS.incrementAndGet();
            return 12;
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default ArrayList<String> words(int count) {
            CALLS.incrementAndGet();
            ArrayList<String> words = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                words.add("word" + i);
            }
            return words;
        }

        @LabtechCached(cache = dev.labtech.cache.BinaryCache.class)
        default double[] numbers(int count) {
            CALLS.incrementAndGet();
            double[] numbers = new double[count];
            java.util.Arrays.setAll(numbers, i -> i * 0.25);
            return numbers;
        }

        @LabtechCached(cache = TextCache.class)
        default String text(int count) {
            CALLS.incrementAndGet();
            return "line\n".repeat(count);
        }
    }

    enum Damage {
        TRUNCATED_TO_HALF {
            @Override
            byte[] apply(byte[] bytes) {
                return Arrays.copyOf(bytes, bytes.length / 2);
            }
        },
        ONE_BIT_FLIPPED {
            @Override
            byte[] apply(byte[] bytes) {
                byte[] flipped = bytes.clone();
                flipped[bytes.length / 2] ^= 0x01;
                return flipped;
            }
        },
        ONE_BYTE_APPENDED {
            @Override
            byte[] apply(byte[] bytes) {
                return Arrays.copyOf(bytes, bytes.length + 1);
            }
        };

        abstract byte[] apply(byte[] bytes);
    }

    static Stream<Arguments> damagesOfEveryCache() {
        List<Arguments> cases = new ArrayList<>();
        for (Damage damage : Damage.values()) {
            cases.add(Arguments.of("data.json", damage, (Function<Fixtures, Object>) Fixtures::twelve, 12));
            cases.add(Arguments.of("data.ser", damage, (Function<Fixtures, Object>) f -> f.words(30),
                    new Fixtures() { }.words(30)));
            cases.add(Arguments.of("data.stream", damage, (Function<Fixtures, Object>) f -> f.text(40),
                    "line\n".repeat(40)));
            cases.add(Arguments.of("data.bin", damage, (Function<Fixtures, Object>) f -> java.util.Arrays.toString(f.numbers(50)),
                    java.util.Arrays.toString(new Fixtures() { }.numbers(50))));
        }
        return cases.stream();
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    private Lab lab() {
        return new Lab(new LocalStorage(directory));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("damagesOfEveryCache")
    void aDamagedResultFileIsAMissWithOneWarningNeverAValue(String file, Damage damage, Function<Fixtures, Object> call,
                                                            Object right) throws IOException {
        assertThat(call.apply(lab().fixtures(Fixtures.class))).isEqualTo(right);
        Path data = onlyEntry().resolve(file);
        Files.write(data, damage.apply(Files.readAllBytes(data)));
        CALLS.set(0);

        try (LogRecorder log = new LogRecorder()) {
            assertThat(call.apply(lab().fixtures(Fixtures.class))).isEqualTo(right);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry " + onlyEntry().getFileName())
                    .containsAnyOf("is damaged: " + file + " has ", "is damaged: " + file + " does not match the CRC-32C");
        }
        assertThat(CALLS).as("computed again").hasValue(1);

        Lab loading = lab();
        assertThat(call.apply(loading.fixtures(Fixtures.class))).isEqualTo(right);
        assertThat(loading.statistics().loaded()).as("the rewritten entry loads").isEqualTo(1);
    }

    private Path onlyEntry() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> all = entries.filter(path -> !path.getFileName().toString().startsWith(".")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
