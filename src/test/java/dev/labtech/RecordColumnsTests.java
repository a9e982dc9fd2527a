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

    /** Two string columns around a number, to check that each column's block ends where the next begins. */
    record Named(String first, int index, String second) {
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

        /**
         * Strings of every length from empty to {@code longest} (a null now and then), all Latin-1
         * or, with {@code text} outside it, one character beyond it in every string that has one.
         */
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Named> named(int count, int longest, String text) {
            CALLS.incrementAndGet();
            ArrayList<Named> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = i == count - 1 ? longest : (int) ((i * 2_654_435_761L) % (Math.min(longest, 40) + 1));
                String first = i % 17 == 3 ? null : (text + "é\u00ff\u0000".repeat(length)).substring(0, length);
                values.add(new Named(first, i, i % 5 == 0 ? "" : i % 29 == 1 ? null : "n" + i));
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
    void stringsOfEveryLengthWidthAndAlphabetLoadExactly() throws Exception {
        // Lengths in one byte, two and four; Latin-1 only or not; read from a stream (small) or a mapping (large).
        for (int longest : new int[] {0, 254, 255, 65_534, 65_535, 200_000}) {
            for (String text : new String[] {"", "Grüße\u0100", "\uD83D\uDE00", "\uDC00"}) {
                for (int count : new int[] {300, 60_000}) {
                    clear();
                    ArrayList<Named> loaded = computeThenLoad(fixtures -> fixtures.named(count, longest, text), true);

                    assertThat(loaded.get(count - 1).first()).hasSize(longest);
                    assertThat(loaded.get(3).first()).isNull();
                    assertThat(loaded.get(5).second()).isEmpty();
                    assertThat(loaded.get(59).second()).isNull();
                }
            }
        }
    }

    @Test
    void aColumnOfStringsWhoseLengthsOrSizeAreWrongIsADamagedEntry() throws Exception {
        // Every byte of the string column's head and first lengths changed, with a matching digest: each
        // change is refused (and computed again) or harmless, never a different list.
        ArrayList<Named> computed = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).named(400, 300, "");
        Path entry = onlyEntry();
        byte[] original = Files.readAllBytes(entry.resolve("data.bin"));
        byte[] name = Named.class.getName().getBytes(StandardCharsets.ISO_8859_1);
        name[name.length - 1] |= (byte) 0x80;
        int start = indexOf(original, name) + name.length;
        assertThat(start).as("the record class's name in the file").isGreaterThanOrEqualTo(name.length);
        int damaged = 0;
        for (int at = start; at < start + 48; at++) {
            for (int change : new int[] {0x01, 0x80, 0xFF}) {
                byte[] edited = original.clone();
                edited[at] ^= (byte) change;
                EntryEdits.rewrite(entry, "data.bin", edited);
                int before = CALLS.get();
                try (LogRecorder log = new LogRecorder()) {
                    ArrayList<Named> loaded = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class)
                            .named(400, 300, "");

                    assertThat(loaded).as("byte %d ^ %x", at - start, change).isEqualTo(computed);
                    if (CALLS.get() > before) {
                        damaged++;
                        assertThat(log.warnings()).first().asString().startsWith("[labtech] ignoring the damaged cache entry");
                    }
                }
                entry = onlyEntry();
            }
        }
        assertThat(damaged).as("changes refused").isGreaterThan(100);
    }

    @Test
    void aFileOfTheFormatBeforeTheBlocksIsADamagedEntryComputedAgain() throws Exception {
        // LTB2 files wrote a column's strings one by one; this release must not read them as blocks.
        ArrayList<Named> computed = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).named(400, 30, "");
        Path entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry.resolve("data.bin"));
        assertThat(new String(bytes, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("LTB3");
        bytes[3] = '2';
        EntryEdits.rewrite(entry, "data.bin", bytes);

        try (LogRecorder log = new LogRecorder()) {
            assertThat(new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).named(400, 30, "")).isEqualTo(computed);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry").contains("not a BinaryCache file");
        }
        assertThat(CALLS).hasValue(2);
    }

    private Path onlyEntry() throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("bin__")).findFirst().orElseThrow();
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
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
