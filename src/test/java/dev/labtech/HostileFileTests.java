package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile {@code data.ser} files, written with a matching length and checksum so only the
 * deserialization limits stand between them and the JVM: each is one warning and a recomputation.
 */
class HostileFileTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    interface Fixtures {
        @LabtechCached(cache = JavaSerializationCache.class)
        default ArrayList<Object> values(int count) {
            CALLS.incrementAndGet();
            return new ArrayList<>(List.of("v", count));
        }
    }

    enum Payload {
        /** 39 bytes declaring an int[] of 2^31-1 elements: 8 GB if allocated. */
        HUGE_ARRAY("an array of 2147483647 elements, more than its 27 bytes can hold") {
            @Override
            byte[] bytes() throws IOException {
                byte[] bytes = serialize(new int[0]);
                ByteBuffer.wrap(bytes).putInt(bytes.length - 4, Integer.MAX_VALUE);
                return bytes;
            }
        },
        /** Lists nested 5,000 deep. */
        DEEP_NESTING("objects nested deeper than 500 levels") {
            @Override
            byte[] bytes() throws IOException {
                return serializeOnABigStack(() -> {
                    List<Object> outer = new ArrayList<>();
                    List<Object> current = outer;
                    for (int i = 0; i < 5_000; i++) {
                        List<Object> inner = new ArrayList<>();
                        current.add(inner);
                        current = inner;
                    }
                    return outer;
                });
            }
        },
        /** A set holding lists that share their two children at each of 60 levels: hashing it walks 2^60 paths. */
        REFERENCE_BOMB("shared references at more than 16 levels below a hash-based set or map, whose hashing would take exponential time") {
            @Override
            byte[] bytes() throws IOException {
                // The list joins the set while empty (hashing it here is cheap), then grows.
                List<Object> top = new ArrayList<>();
                Set<Object> root = new HashSet<>();
                root.add(top);
                Object level = "leaf";
                for (int i = 0; i < 60; i++) {
                    List<Object> pair = new ArrayList<>();
                    pair.add(level);
                    pair.add(level);
                    level = pair;
                }
                top.add(level);
                return serializeOnABigStack(() -> root);
            }
        },
        /**
         * A chain of 40 lists, each holding the next twice, read before the set that holds its head:
         * the sharing is all above the set, and hashing the head walks 2^40 paths.
         */
        CHAIN_ABOVE_A_SET("a java.util.ArrayList whose hashing walks more than 1048576 parts (shared parts nested so that a walk meets them once per path)") {
            @Override
            byte[] bytes() throws IOException {
                return serializeOnABigStack(() -> chainThenSet(40));
            }
        },
        /** The classic "SerialDOS": nested HashSets, each sharing its two children with a sibling. */
        NESTED_HASH_SETS("shared references at more than 16 levels below a hash-based set or map, whose hashing would take exponential time") {
            @Override
            byte[] bytes() throws IOException {
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
                return serializeOnABigStack(() -> root);
            }
        };

        final String rejection;

        Payload(String rejection) {
            this.rejection = rejection;
        }

        abstract byte[] bytes() throws IOException;
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    @Timeout(30) // a failure would otherwise hang or exhaust the heap; the measured time is in docs/guarantees.md
    void aHostileResultFileIsOneWarningAndARecomputation(Payload payload) throws IOException {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).values(3);
        Path entry;
        try (Stream<Path> entries = Files.list(directory)) {
            entry = entries.filter(path -> path.getFileName().toString().startsWith("java__")).findFirst().orElseThrow();
        }
        EntryEdits.rewrite(entry, "data.ser", payload.bytes());

        try (LogRecorder log = new LogRecorder()) {
            long start = System.nanoTime();
            List<Object> values = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).values(3);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(values).containsExactly("v", 3);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry " + entry.getFileName())
                    .contains("of Fixtures#values holds " + payload.rejection + ", so it was not deserialized");
            System.out.println(payload + " rejected and recomputed in " + millis + " ms");
        }
        assertThat(CALLS).hasValue(2);
    }

    /** {@code [chain, {chain}]}: the chain's lists each hold the next twice; the set is filled while the chain is short. */
    static List<Object> chainThenSet(int length) {
        List<Object> head = new ArrayList<>();
        Set<Object> set = new HashSet<>();
        set.add(head);
        List<Object> current = head;
        for (int i = 0; i < length; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current.add(next);
            current = next;
        }
        return new ArrayList<>(List.of(head, set));
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private interface ValueMaker {
        Object make();
    }

    /** Serializes deeply nested values on a thread with a stack deep enough for it. */
    private static byte[] serializeOnABigStack(ValueMaker maker) throws IOException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(serialize(maker.make()));
            } catch (IOException | RuntimeException | StackOverflowError e) {
                result.set(e);
            }
        }, "serializer", 1L << 28);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (result.get() instanceof byte[] bytes) {
            return bytes;
        }
        throw new IOException("could not build the payload", (Throwable) result.get());
    }
}
