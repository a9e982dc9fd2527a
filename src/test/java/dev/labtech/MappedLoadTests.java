package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.BinaryCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BinaryCache reads a large result file from a mapping of it (one copy of each primitive array from
 * the page cache), a small one and one a storage cannot map as a stream: the same exact value
 * either way, and the same integrity checks.
 */
class MappedLoadTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    record Point(String name, int index, double x) {
    }

    /** Every primitive array kind, text beyond ASCII, records, a shared array and a null. */
    static final class Dataset {
        final double[] doubles;
        final long[] longs;
        final int[] ints;
        final float[] floats;
        final short[] shorts;
        final char[] chars;
        final byte[] bytes;
        final boolean[] flags;
        final String text;
        final List<Point> points;
        final Object same;
        final Object alsoSame;
        final int[] none;

        Dataset(int size) {
            doubles = new double[size];
            longs = new long[size];
            ints = new int[size];
            floats = new float[size];
            shorts = new short[size];
            chars = new char[size];
            bytes = new byte[size];
            flags = new boolean[size];
            for (int i = 0; i < size; i++) {
                doubles[i] = i * 0.5 - Math.PI;
                longs[i] = (long) i * 0x1_0000_0001L;
                ints[i] = i ^ 0x5a5a;
                floats[i] = i / 3f;
                shorts[i] = (short) i;
                chars[i] = (char) ('\u00e9' + i % 500);
                bytes[i] = (byte) i;
                flags[i] = i % 3 == 0;
            }
            text = "Grüße, 東京, ∑ ".repeat(size / 100);
            points = new ArrayList<>();
            for (int i = 0; i < size / 10; i++) {
                points.add(new Point("point-" + i, i, i * 0.25));
            }
            same = Arrays.copyOf(doubles, 10);
            alsoSame = same;
            none = null;
        }

        Map<String, Object> parts() {
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("doubles", doubles);
            parts.put("longs", longs);
            parts.put("ints", ints);
            parts.put("floats", floats);
            parts.put("shorts", shorts);
            parts.put("chars", chars);
            parts.put("bytes", bytes);
            parts.put("flags", flags);
            parts.put("text", text);
            parts.put("points", points);
            parts.put("same", same);
            return parts;
        }
    }

    interface Fixtures {
        @LabtechCached(cache = BinaryCache.class)
        default Dataset dataset(int size) {
            CALLS.incrementAndGet();
            return new Dataset(size);
        }

        @LabtechCached(cache = BinaryCache.class)
        default double[] doubles(int size) {
            CALLS.incrementAndGet();
            return new Dataset(size).doubles;
        }
    }

    /** Counts the files mapped; maps nothing when {@code mapping} is off. */
    static final class Counting extends ForwardingStorage {
        final AtomicInteger mapped = new AtomicInteger();
        final boolean mapping;

        Counting(Storage storage, boolean mapping) {
            super(storage);
            this.mapping = mapping;
        }

        @Override
        public Optional<ByteBuffer> map(String key, String fileName) throws IOException {
            if (!mapping) {
                return Optional.empty();
            }
            Optional<ByteBuffer> buffer = super.map(key, fileName);
            buffer.ifPresent(present -> mapped.incrementAndGet());
            return buffer;
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    @Test
    void aLargeResultLoadsFromAMappingAsExactlyAsFromAStream() {
        Dataset computed = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).dataset(200_000);
        Counting mapping = new Counting(new LocalStorage(directory), true);
        Counting streaming = new Counting(new LocalStorage(directory), false);

        Dataset mapped = new Lab(mapping).fixtures(Fixtures.class).dataset(200_000);
        Dataset streamed = new Lab(streaming).fixtures(Fixtures.class).dataset(200_000);

        assertThat(CALLS).hasValue(1);
        assertThat(mapping.mapped).as("read from a mapping").hasValue(1);
        for (Dataset loaded : List.of(mapped, streamed)) {
            assertThat(loaded).isExactlyInstanceOf(Dataset.class);
            // Arrays.deepEquals and equals, not AssertJ's recursive comparison: it is quadratic on 200,000 elements.
            computed.parts().forEach((name, expected) -> {
                Object actual = loaded.parts().get(name);
                assertThat(actual).as(name).isExactlyInstanceOf(expected.getClass());
                assertThat(Arrays.deepEquals(new Object[] {actual}, new Object[] {expected})).as(name).isTrue();
            });
            assertThat(loaded.points).isExactlyInstanceOf(ArrayList.class).element(7).isExactlyInstanceOf(Point.class);
            assertThat(loaded.alsoSame).isSameAs(loaded.same);
            assertThat(loaded.none).isNull();
        }
    }

    @Test
    void aSixteenMegabyteResultLoadsExactlyFromItsMapping() {
        double[] computed = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(2_000_000);
        Counting storage = new Counting(new LocalStorage(directory), true);
        AtomicReference<CallReport> report = new AtomicReference<>();

        double[] loaded = new Lab(storage).fixtures(Fixtures.class, report::set).doubles(2_000_000);

        assertThat(report.get().outcome()).isEqualTo(CallReport.Outcome.LOADED);
        assertThat(storage.mapped).hasValue(1);
        assertThat(loaded).isNotSameAs(computed);
        assertThat(Arrays.equals(loaded, computed)).isTrue();
        assertThat(CALLS).hasValue(1);
    }

    @Test
    void aSmallResultIsReadAsAStream() {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(1_000);
        Counting storage = new Counting(new LocalStorage(directory), true);

        double[] loaded = new Lab(storage).fixtures(Fixtures.class).doubles(1_000);

        assertThat(Arrays.equals(loaded, new Dataset(1_000).doubles)).isTrue();
        assertThat(storage.mapped).hasValue(0);
        assertThat(CALLS).hasValue(1);
    }

    /**
     * Each mapped file is checked whole before it is read: a byte changed at the start (the array's
     * class and length, which the reader would otherwise trip over first), in the middle or at the
     * end, in files of 8 and 16 MB.
     */
    @ParameterizedTest(name = "{0} doubles, byte at {1} of the file changed")
    @CsvSource({"1000000, 0.5", "2000000, 0.5", "2000000, 0", "2000000, 1"})
    void aLargeFileWithOneByteChangedIsDamagedAndComputedAgain(int size, double where) throws Exception {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(size);
        Path file = resultFile();
        byte[] bytes = Files.readAllBytes(file);
        int at = Math.max(8, Math.min(bytes.length - 1, (int) (bytes.length * where)));
        bytes[at] ^= 0x10;
        Files.write(file, bytes);

        try (LogRecorder log = new LogRecorder()) {
            double[] values = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(size);

            assertThat(Arrays.equals(values, new Dataset(size).doubles)).as("the value computed again").isTrue();
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry")
                    .contains("data.bin does not match the CRC-32C metadata.json records");
        }
        assertThat(CALLS).hasValue(2);
    }

    @ParameterizedTest(name = "{0} doubles")
    @ValueSource(ints = {1_000_000, 2_000_000})
    void aLargeFileCutShortIsDamagedAndComputedAgain(int size) throws Exception {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(size);
        Path file = resultFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 8));

        try (LogRecorder log = new LogRecorder()) {
            double[] values = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(size);

            assertThat(Arrays.equals(values, new Dataset(size).doubles)).as("the value computed again").isTrue();
            assertThat(log.warnings()).singleElement().asString()
                    .contains("data.bin has " + (bytes.length - 8) + " bytes, but metadata.json records " + bytes.length);
        }
        assertThat(CALLS).hasValue(2);
    }

    @ParameterizedTest(name = "{0} doubles")
    @ValueSource(ints = {1_000_000, 2_000_000})
    void aLargeFileWhoseValueEndsEarlyIsRefused(int size) throws Exception {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(size);
        Path file = resultFile();
        byte[] bytes = Files.readAllBytes(file);
        EntryEdits.rewrite(file.getParent(), "data.bin", Arrays.copyOf(bytes, bytes.length + 16));

        try (LogRecorder log = new LogRecorder()) {
            new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubles(size);

            assertThat(log.warnings()).singleElement().asString().contains("its data.bin goes on after the value");
        }
        assertThat(CALLS).hasValue(2);
    }

    private Path resultFile() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("bin__")).findFirst().orElseThrow()
                    .resolve(BinaryCache.RESULT_FILENAME);
        }
    }
}
