package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import dev.labtech.cache.BinaryCache;
import dev.labtech.internal.binary.GuardedKryo;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Hostile {@code data.bin} files, with a matching length and checksum so only BinaryCache's own
 * limits stand between them and the JVM: each is one warning and a recomputation, whether the file
 * is read as a stream (small) or from a mapping (large).
 */
class HostileBinaryFileTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    interface Fixtures {
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Object> values(int count) {
            CALLS.incrementAndGet();
            return new ArrayList<>(List.of("v", count));
        }
    }

    enum Payload {
        /** A class from a library jar that nothing in the return type names. */
        LIBRARY_CLASS("a org.assertj.core.data.Offset, which is not among the classes the fixture can return") {
            @Override
            Object value() {
                return new ArrayList<>(List.of(org.assertj.core.data.Offset.offset(1.0)));
            }
        },
        /** An int[] claiming 2^31-2 elements in a few bytes. */
        HUGE_ARRAY("an array of 2147483646 elements, more than its") {
            @Override
            byte[] bytes(int padding) throws Exception {
                byte[] empty = super.bytes(0);
                // The last byte is the length + 1 of the empty array (1); claim 2^31-1 instead.
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write(empty, 0, empty.length - 1);
                bytes.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
                bytes.write(new byte[padding]);
                return bytes.toByteArray();
            }

            @Override
            Object value() {
                return new int[0];
            }
        },
        /** A string claiming 2^31-2 characters in a few bytes: Kryo alone allocates a 4 GB char[]. */
        HUGE_STRING("a string of 2147483646 characters, more than its") {
            @Override
            byte[] bytes(int padding) throws Exception {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write(super.bytes(0), 0, 6); // the header
                GuardedKryo.writing(kryo -> {
                    Output output = new com.esotericsoftware.kryo.unsafe.UnsafeOutput(bytes);
                    kryo.writeClass(output, String.class);
                    output.writeVarIntFlag(true, Integer.MAX_VALUE, true);
                    output.flush();
                    return null;
                });
                bytes.write(new byte[padding]);
                return bytes.toByteArray();
            }

            @Override
            Object value() {
                return "";
            }
        },
        /** A chain of 40 lists, each holding the next twice, read before the set that holds its head. */
        CHAIN_ABOVE_A_SET("a java.util.ArrayList whose hashing walks more than") {
            @Override
            Object value() {
                return HostileFileTests.chainThenSet(40);
            }
        },
        /** 100 nested HashSets, each sharing its two children with a sibling. */
        NESTED_HASH_SETS("shared references at more than 16 levels below a hash-based set or map") {
            @Override
            Object value() {
                Set<Object> root = new HashSet<>();
                Set<Object> s1 = root;
                Set<Object> s2 = new HashSet<>();
                for (int i = 0; i < 100; i++) {
                    Set<Object> t1 = new HashSet<>();
                    Set<Object> t2 = new HashSet<>();
                    t1.add("foo");
                    s1.add(t1);
                    s1.add(t2);
                    s2.add(t1);
                    s2.add(t2);
                    s1 = t1;
                    s2 = t2;
                }
                return root;
            }
        };

        final String rejection;

        Payload(String rejection) {
            this.rejection = rejection;
        }

        abstract Object value();

        /**
         * The file: BinaryCache's header, then the value as BinaryCache's Kryo writes it; with
         * {@code padding}, the value in a list before a byte array of that many bytes, so the file is
         * large enough to be read from a mapping.
         */
        byte[] bytes(int padding) throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(EntryEdits.binaryHeader());
            Object value = padding == 0 ? value() : new ArrayList<>(List.of(value(), new byte[padding]));
            GuardedKryo.writing(kryo -> {
                Output output = new com.esotericsoftware.kryo.unsafe.UnsafeOutput(bytes);
                kryo.writeClassAndObject(output, value);
                output.flush();
                return null;
            });
            return bytes.toByteArray();
        }
    }

    interface Chains {
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Object> chain(int length) {
            CALLS.incrementAndGet();
            return new ArrayList<>(HostileFileTests.chainThenSet(length));
        }
    }

    /** A result of the hostile shape, computed legitimately, is refused at save: it could never load. */
    @org.junit.jupiter.api.Test
    @Timeout(30)
    void aResultWhoseLoadingWouldHashForeverIsRefusedAtSave() {
        try (LogRecorder log = new LogRecorder()) {
            assertThat(new Lab(new LocalStorage(directory)).fixtures(Chains.class).chain(40)).hasSize(2);
            assertThat(log.warnings()).singleElement().asString()
                    .contains("BinaryCache cannot store the result of Chains#chain: reading back what it wrote failed")
                    .contains("whose hashing walks more than");
        }
        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).isEmpty();
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    /** Each payload as a small file (read as a stream) and with 2 MB more (read from a mapping of the file). */
    static Stream<org.junit.jupiter.params.provider.Arguments> payloads() {
        return Stream.of(Payload.values()).flatMap(payload -> Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(payload, 0),
                org.junit.jupiter.params.provider.Arguments.of(payload, 2 << 20)));
    }

    @ParameterizedTest(name = "{0}, followed by {1} bytes")
    @org.junit.jupiter.params.provider.MethodSource("payloads")
    @Timeout(30) // a failure would otherwise hang or exhaust the heap
    void aHostileResultFileIsOneWarningAndARecomputation(Payload payload, int padding) throws Exception {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).values(3);
        Path entry;
        try (Stream<Path> entries = Files.list(directory)) {
            entry = entries.filter(path -> path.getFileName().toString().startsWith("bin__")).findFirst().orElseThrow();
        }
        EntryEdits.rewrite(entry, "data.bin", payload.bytes(padding));

        try (LogRecorder log = new LogRecorder()) {
            List<Object> values = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).values(3);

            assertThat(values).containsExactly("v", 3);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry " + entry.getFileName())
                    .contains("of Fixtures#values was not read: " + payload.rejection);
        }
        assertThat(CALLS).hasValue(2);
    }
}
