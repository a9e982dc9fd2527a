package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.BinaryCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large lists of records of primitives and strings are written column by column: what loads is
 * equal element by element, of the same classes, with the same sharing — and lists that are not of
 * that shape take Kryo's own path, unchanged.
 */
class RecordColumnsTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    record Point(String name, int index, double x) {
    }

    record Every(boolean flag, byte b, short s, char c, int i, long l, float f, double d, String text) {
    }

    record Checked(String name, int count) {
        Checked {
            if (count < 0) {
                throw new IllegalArgumentException("negative count");
            }
        }
    }

    record Other(String name, int index, double x) {
    }

    /** A record whose component is a list: not a value, so not written as columns. */
    record Holder(String name, List<Integer> values) {
    }

    static final class Points extends ArrayList<Point> {
        private static final long serialVersionUID = 1L;
    }

    record Pair(List<Point> first, List<Point> second) {
    }

    interface Fixtures {
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Point> points(int count) {
            CALLS.incrementAndGet();
            ArrayList<Point> points = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                points.add(new Point(i % 7 == 0 ? null : i % 5 == 0 ? "Grüße-" + i + "-東京" : "point-" + i, i,
                        i % 11 == 0 ? -0.0 : i % 13 == 0 ? Double.NaN : i * 0.5));
            }
            return points;
        }

        @LabtechCached(cache = BinaryCache.class)
        default List<Every> every(int count) {
            CALLS.incrementAndGet();
            List<Every> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(new Every(i % 2 == 0, (byte) i, (short) -i, (char) (0x4e00 + i), i * 31, Long.MIN_VALUE + i,
                        i / 7f, i == 3 ? Double.MAX_VALUE : -i / 3.0, i == 5 ? "" : i == 9 ? "lone \uD800 half" : "t" + i));
            }
            return values;
        }

        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Checked> checked(int count) {
            CALLS.incrementAndGet();
            ArrayList<Checked> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(new Checked("c" + i, i));
            }
            return values;
        }

        @LabtechCached(cache = BinaryCache.class)
        default Pair shared(int count) {
            CALLS.incrementAndGet();
            List<Point> points = points(count);
            return new Pair(points, points);
        }

        @LabtechCached(cache = BinaryCache.class)
        default List<Object> mixed(int count) {
            CALLS.incrementAndGet();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(i == count / 2 ? new Other("o", i, i) : new Point("p" + i, i, i));
            }
            return values;
        }

        @LabtechCached(cache = BinaryCache.class)
        default List<Point> withNull(int count) {
            CALLS.incrementAndGet();
            List<Point> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(i == 3 ? null : new Point("p" + i, i, i));
            }
            return values;
        }

        @LabtechCached(cache = BinaryCache.class)
        default Points subclass(int count) {
            CALLS.incrementAndGet();
            Points values = new Points();
            for (int i = 0; i < count; i++) {
                values.add(new Point("p" + i, i, i));
            }
            return values;
        }

        @LabtechCached(cache = BinaryCache.class)
        default List<Holder> holders(int count) {
            CALLS.incrementAndGet();
            List<Holder> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(new Holder("h" + i, List.of(i)));
            }
            return values;
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    private <R> R computeThenLoad(Function<Fixtures, R> call, boolean columns) throws Exception {
        R computed = call.apply(new Lab(new LocalStorage(directory)).fixtures(Fixtures.class));
        Lab loading = new Lab(new LocalStorage(directory));
        R loaded = call.apply(loading.fixtures(Fixtures.class));
        assertThat(loading.statistics().loaded()).as("loaded, not computed again").isEqualTo(1);
        assertThat(loaded).isEqualTo(computed).isExactlyInstanceOf(computed.getClass());
        assertThat(writtenAsColumns()).as("written as columns").isEqualTo(columns);
        return loaded;
    }

    /** Whether the one entry's data.bin names the columns' stand-in. */
    private boolean writtenAsColumns() throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().startsWith("bin__")).toList()) {
                String bytes = new String(Files.readAllBytes(entry.resolve("data.bin")), StandardCharsets.ISO_8859_1);
                // Without its last letter: Kryo sets the high bit of a name's last byte.
                if (bytes.contains("dev.labtech.internal.binary.RecordColumn")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aLargeListOfRecordsLoadsEqualElementByElement() throws Exception {
        ArrayList<Point> loaded = computeThenLoad(fixtures -> fixtures.points(2_000), true);

        assertThat(loaded).hasSize(2_000).allSatisfy(point -> assertThat(point).isExactlyInstanceOf(Point.class));
        assertThat(loaded.get(7).name()).isNull();
        assertThat(loaded.get(10).name()).isEqualTo("Grüße-10-東京");
        assertThat(Double.doubleToRawLongBits(loaded.get(11).x())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(loaded.get(13).x()).isNaN();
        assertThat(CALLS).hasValue(1);
    }

    @Test
    void everyPrimitiveKindIsExact() throws Exception {
        List<Every> loaded = computeThenLoad(fixtures -> fixtures.every(1_000), true);

        assertThat(loaded.get(3).d()).isEqualTo(Double.MAX_VALUE);
        assertThat(loaded.get(999).c()).isEqualTo((char) (0x4e00 + 999));
        assertThat(loaded.get(5).text()).isEmpty();
        assertThat(loaded.get(9).text()).isEqualTo("lone \uD800 half"); // UTF-8 would not keep it
    }

    @Test
    void recordsAreCreatedThroughTheirCanonicalConstructor() throws Exception {
        List<Checked> loaded = computeThenLoad(fixtures -> fixtures.checked(500), true);

        assertThat(loaded.get(499)).isEqualTo(new Checked("c499", 499));
    }

    @Test
    void aListSharedTwiceComesBackSharedOnce() throws Exception {
        Pair loaded = computeThenLoad(fixtures -> fixtures.shared(300), true);

        assertThat(loaded.second()).isSameAs(loaded.first());
    }

    @Test
    void smallListsMixedClassesNullsSubclassesAndNonValueRecordsTakeKryosOwnPath() throws Exception {
        computeThenLoad(fixtures -> fixtures.points(255), false);
        clear();
        computeThenLoad(fixtures -> fixtures.mixed(400), false);
        clear();
        computeThenLoad(fixtures -> fixtures.withNull(400), false);
        clear();
        Points subclass = computeThenLoad(fixtures -> fixtures.subclass(400), false);
        assertThat(subclass).isExactlyInstanceOf(Points.class);
        clear();
        computeThenLoad(fixtures -> fixtures.holders(400), false);
    }

    @Test
    void aDamagedColumnIsADamagedEntry() throws Exception {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).points(1_000);
        Path file;
        try (Stream<Path> entries = Files.list(directory)) {
            file = entries.filter(path -> path.getFileName().toString().startsWith("bin__")).findFirst().orElseThrow()
                    .resolve("data.bin");
        }
        byte[] bytes = Files.readAllBytes(file);
        // Cut the columns short, with a matching digest: only the format stands between the file and the list.
        EntryEdits.rewrite(file.getParent(), "data.bin", Arrays.copyOf(bytes, bytes.length - 100));

        try (LogRecorder log = new LogRecorder()) {
            List<Point> points = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).points(1_000);

            assertThat(points).hasSize(1_000);
            assertThat(log.warnings()).singleElement().asString().startsWith("[labtech] ignoring the damaged cache entry");
        }
        assertThat(CALLS).hasValue(2);
    }

    private void clear() throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().startsWith("bin__")).toList()) {
                org.apache.commons.io.file.PathUtils.deleteDirectory(entry);
            }
        }
    }
}
