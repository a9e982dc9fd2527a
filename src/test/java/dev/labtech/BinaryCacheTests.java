package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.BinaryCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BinaryCache stores any object graph and gives back exactly what was computed: every case is
 * computed by one lab and loaded by a fresh lab over the same directory, value and classes compared.
 */
class BinaryCacheTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    enum Weekday { MONDAY, TUESDAY, FRIDAY }

    record Box(String name, Object payload) {
    }

    /** No no-arg constructor, not Serializable, final fields: what JsonCache and Java serialization cannot store. */
    static final class Model {
        private final String name;
        private final double[] weights;
        private final Map<String, Integer> vocabulary;

        Model(String name, double[] weights, Map<String, Integer> vocabulary) {
            this.name = name;
            this.weights = weights;
            this.vocabulary = vocabulary;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model model && model.name.equals(name) && Arrays.equals(model.weights, weights)
                    && model.vocabulary.equals(vocabulary);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /** A graph with a cycle. */
    static final class Node {
        final String name;
        Node next;

        Node(String name) {
            this.name = name;
        }
    }

    /** A sorted map of the project's own, created again through its comparator constructor. */
    public static final class Ranking extends TreeMap<String, Integer> {
        private static final long serialVersionUID = 1L;

        public Ranking(java.util.Comparator<? super String> order) {
            super(order);
        }
    }

    interface Fixtures {
        @LabtechCached(cache = BinaryCache.class)
        default Box box(String name, int variant) {
            CALLS.incrementAndGet();
            return new Box(name, payloads().get(variant));
        }

        @LabtechCached(cache = BinaryCache.class)
        default Model model(int size) {
            CALLS.incrementAndGet();
            double[] weights = new double[size];
            Arrays.setAll(weights, i -> i / 7.0);
            return new Model("m" + size, weights, Map.of("the", 1, "a", 2));
        }

        @LabtechCached(cache = BinaryCache.class)
        default Node ring(int size) {
            CALLS.incrementAndGet();
            Node first = new Node("n0");
            Node last = first;
            for (int i = 1; i < size; i++) {
                last.next = new Node("n" + i);
                last = last.next;
            }
            last.next = first;
            return first;
        }

        @LabtechCached(cache = BinaryCache.class)
        default List<Object> shared(String name) {
            CALLS.incrementAndGet();
            List<String> one = new ArrayList<>(List.of(name));
            return new ArrayList<>(List.of(one, one));
        }

        @LabtechCached(cache = BinaryCache.class)
        default List<Integer> middle(int size) {
            CALLS.incrementAndGet();
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                all.add(i);
            }
            return all.subList(1, size - 1);
        }

        @LabtechCached(cache = BinaryCache.class)
        @SuppressWarnings("serial")
        default Map<String, Integer> doubleBraced(int size) {
            CALLS.incrementAndGet();
            return new TreeMap<>() {
                {
                    put("size", size);
                }
            };
        }

        @LabtechCached(cache = BinaryCache.class)
        default Map<String, Integer> ranked(int size) {
            CALLS.incrementAndGet();
            Ranking ranking = new Ranking(java.util.Comparator.reverseOrder());
            for (int i = 0; i < size; i++) {
                ranking.put("k" + i, i);
            }
            return ranking;
        }

        @LabtechCached(cache = BinaryCache.class)
        default Object anything(int variant) {
            CALLS.incrementAndGet();
            return payloads().get(variant);
        }
    }

    static List<Object> payloads() {
        TreeMap<String, Integer> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        insensitive.put("B", 2);
        insensitive.put("a", 1);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 5L);
        nested.put("y", 1.5f);
        nested.put("x", List.of('c', UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        return Arrays.asList(5L, 1.5f, 'c', UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                LocalDate.of(2026, 1, 2), Instant.parse("2026-01-02T03:04:05Z"), new int[] {1, 2},
                new TreeSet<>(Set.of("b", "a")), List.of(1, 2, 3), Set.of("x"), Map.of("k", 1L),
                Collections.unmodifiableList(new ArrayList<>(List.of("u"))), Arrays.asList("p", "q"),
                EnumSet.of(Weekday.MONDAY, Weekday.FRIDAY), insensitive, nested, Optional.of("o"),
                new Box("inner", new Box("deeper", 7)), new HashMap<>(Map.of(Weekday.TUESDAY, List.of())), null,
                new double[] {0.5, -0.0, Double.NaN}, "text", new Object[] {1, "two", 3.0},
                new EnumMap<>(Map.of(Weekday.FRIDAY, 5, Weekday.MONDAY, 1)), new EnumMap<>(Weekday.class),
                new EnumMap<>(Map.of(java.time.DayOfWeek.SUNDAY, "s")));
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    private <R> List<R> computeThenLoad(Function<Fixtures, R> call) {
        R computed = call.apply(new Lab(new LocalStorage(directory)).fixtures(Fixtures.class));
        Lab loading = new Lab(new LocalStorage(directory));
        R loaded = call.apply(loading.fixtures(Fixtures.class));
        assertThat(loading.statistics().loaded()).as("loaded, not computed again").isEqualTo(1);
        return Arrays.asList(computed, loaded);
    }

    @Test
    void valuesInAnObjectFieldComeBackWithTheirExactClass() {
        List<Object> payloads = payloads();
        for (int variant = 0; variant < payloads.size(); variant++) {
            Object expected = payloads.get(variant);
            int v = variant;
            try (LogRecorder log = new LogRecorder()) {
                for (Box box : computeThenLoad(fixtures -> fixtures.box("b", v))) {
                    assertExactlyEqual(box.payload(), expected);
                }
                assertThat(log.warnings()).as("variant %d", variant).isEmpty();
            }
            for (Object value : computeThenLoad(fixtures -> fixtures.anything(v))) {
                assertExactlyEqual(value, expected);
            }
        }
    }

    @Test
    void aClassWithoutNoArgConstructorOrSerializableAndLargeArraysRoundTrip() {
        List<Model> runs = computeThenLoad(fixtures -> fixtures.model(200_000));

        assertThat(runs.get(1)).isEqualTo(runs.get(0)).isExactlyInstanceOf(Model.class);
        assertThat(CALLS).hasValue(1);
    }

    @Test
    void cyclesSurvive() {
        for (Node first : computeThenLoad(fixtures -> fixtures.ring(5))) {
            Node node = first;
            for (int i = 0; i < 5; i++) {
                assertThat(node.name).isEqualTo("n" + i);
                node = node.next;
            }
            assertThat(node).isSameAs(first);
        }
    }

    @Test
    void sharedObjectsStayShared() {
        for (List<Object> list : computeThenLoad(fixtures -> fixtures.shared("s"))) {
            assertThat(list).hasSize(2);
            assertThat(list.get(0)).isSameAs(list.get(1)).isEqualTo(List.of("s"));
        }
    }

    @Test
    void entriesAreBinaryWithTheirOwnPrefixAndFile() throws Exception {
        new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).model(3);

        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).singleElement()
                .satisfies(entry -> assertThat(entry.key()).startsWith("bin__Fixtures-model__"));
        Path entry;
        try (var entries = java.nio.file.Files.list(directory)) {
            entry = entries.filter(path -> path.getFileName().toString().startsWith("bin__")).findFirst().orElseThrow();
        }
        assertThat(new String(java.nio.file.Files.readAllBytes(entry.resolve("data.bin")), 0, 4,
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("LTB3");
    }

    private static void assertExactlyEqual(Object actual, Object expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).isExactlyInstanceOf(expected.getClass());
        assertThat(Objects.deepEquals(actual, expected) || deepEqualsByElements(actual, expected))
                .as("%s equals %s", text(actual), text(expected)).isTrue();
        if (expected instanceof EnumMap<?, ?> map) {
            assertThat(keyType((EnumMap<?, ?>) actual)).isEqualTo(keyType(map));
        }
        if (expected instanceof TreeMap<?, ?> map) {
            assertThat(((TreeMap<?, ?>) actual).comparator()).isSameAs(map.comparator());
        }
        if (expected instanceof Map<?, ?> map && !(expected instanceof TreeMap<?, ?>)) {
            assertThat(new ArrayList<Object>(((Map<?, ?>) actual).keySet())).isEqualTo(new ArrayList<Object>(map.keySet()));
        }
    }

    /** The key type an EnumMap holds to itself, as its serialized form shows it. */
    private static Object keyType(EnumMap<?, ?> map) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(map.clone());
            }
            String text = new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
            return text.contains(Weekday.class.getName()) ? Weekday.class
                    : text.contains(java.time.DayOfWeek.class.getName()) ? java.time.DayOfWeek.class : "unknown";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aResultThatCouldNeverBeLoadedIsNotStoredAndTheWarningNamesWhy() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (LogRecorder log = new LogRecorder()) {
                List<Integer> middle = new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).middle(5);

                assertThat(middle).containsExactly(1, 2, 3);
                assertThat(log.warnings()).as("run %d", run).singleElement().asString()
                        .contains("Fixtures#middle")
                        .contains("a java.util.ArrayList$SubList, which is not among the classes the fixture can return")
                        .doesNotContain("damaged", "Serialization trace");
            }
        }
        assertThat(CALLS).hasValue(2);
        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).isEmpty();
    }

    @Test
    void aSortedMapSubclassIsStoredIfItCanBeCreatedAgainAndRefusedAtSaveIfNot() {
        List<Map<String, Integer>> runs = computeThenLoad(fixtures -> fixtures.ranked(3));
        assertThat(runs.get(1)).isExactlyInstanceOf(Ranking.class).isEqualTo(runs.get(0));
        assertThat(new ArrayList<>(runs.get(1).keySet())).containsExactly("k2", "k1", "k0");

        try (LogRecorder log = new LogRecorder()) {
            assertThat(new Lab(new LocalStorage(directory)).fixtures(Fixtures.class).doubleBraced(4))
                    .containsExactly(Map.entry("size", 4));

            assertThat(log.warnings()).singleElement().asString()
                    .contains("a TreeMap subclass without a public constructor taking a Comparator, which loading needs");
        }
        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).singleElement()
                .satisfies(entry -> assertThat(entry.fixture()).isEqualTo("Fixtures#ranked"));
    }

    private static boolean deepEqualsByElements(Object actual, Object expected) {
        if (actual instanceof double[] a && expected instanceof double[] e) {
            return Arrays.equals(a, e);
        }
        if (actual instanceof Object[] a && expected instanceof Object[] e) {
            return Arrays.deepEquals(a, e);
        }
        return false;
    }

    private static String text(Object value) {
        return value != null && value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
    }
}
