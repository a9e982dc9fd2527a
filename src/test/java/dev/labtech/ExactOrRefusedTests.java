package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BinaryCache gives back a value that behaves like the computed one, or refuses to store it: each
 * row is computed by one lab and loaded by a fresh lab over the same directory, and what a test
 * would do with it (iterate, look up, compare identities, call it) is compared, with the class of
 * the value; or the row is refused at save with one warning naming the class, and nothing is stored.
 */
class ExactOrRefusedTests {

    /** An LRU map: access order and a limit of its own, set by its constructor. */
    static final class Lru<K, V> extends LinkedHashMap<K, V> {
        private static final long serialVersionUID = 1L;
        private final int limit;

        Lru(int limit) {
            super(16, 0.75f, true);
            this.limit = limit;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > limit;
        }
    }

    /** A list with a field of its own. */
    static final class Tagged extends ArrayList<String> {
        private static final long serialVersionUID = 1L;
        final String tag;

        Tagged(String tag, List<String> elements) {
            super(elements);
            this.tag = tag;
        }
    }

    /** A transient field its readObject rebuilds. */
    static final class Indexed implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> words;
        transient Map<String, Integer> index;

        Indexed(List<String> words) {
            this.words = words;
            build();
        }

        private void build() {
            index = new HashMap<>();
            for (int i = 0; i < words.size(); i++) {
                index.put(words.get(i), i);
            }
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            build();
        }
    }

    /** A class of shared instances that readResolve keeps singular. */
    static final class Unit implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Unit METER = new Unit("m");
        final String symbol;

        private Unit(String symbol) {
            this.symbol = symbol;
        }

        private Object readResolve() {
            return METER;
        }
    }

    record Length(double value, Unit unit) {
    }

    /** A node hashed by a field that sorts after the set holding its neighbours: read after the set. */
    static final class Node {
        final Set<Node> links = new java.util.HashSet<>();
        final java.util.SortedSet<Node> sorted = new java.util.TreeSet<>(new ByName());
        final Map<Node, Integer> weights = new HashMap<>();
        final java.util.SortedMap<Node, Integer> ranks = new TreeMap<>(new ByName());
        String name;

        Node(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Node node && node.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /** Orders nodes by name: a comparator of the project's, as a class (a lambda would be refused). */
    static final class ByName implements java.util.Comparator<Node> {
        @Override
        public int compare(Node left, Node right) {
            return left.name.compareTo(right.name);
        }
    }

    /** Not Serializable, with a method that only shares a hook's name: written field by field as before. */
    static final class Reader {
        final int size;

        Reader(int size) {
            this.size = size;
        }

        Object readObject(String path) {
            return path + size;
        }
    }

    enum Op {
        TWICE {
            @Override
            int apply(int x) {
                return x * 2;
            }
        };

        abstract int apply(int x);
    }

    record Point(int x, int y) {
    }

    /** A holder of behaviour: what a lambda in a field is. */
    record Scaler(IntUnaryOperator scale) {
    }

    /** Behaviour as a class of its own, which an anonymous subclass captures a variable into. */
    abstract static class IntUnaryOperatorHolder implements IntUnaryOperator {
    }

    /** A non-static inner class: it needs its enclosing instance. */
    final class Inner {
        int twice() {
            return base * 2;
        }
    }

    final int base = 3;

    static final Map<String, Supplier<Object>> VALUES = new HashMap<>();
    static final AtomicInteger COMPUTED = new AtomicInteger();

    interface Values {
        @LabtechCached
        default Object value(String name) {
            COMPUTED.incrementAndGet();
            return VALUES.get(name).get();
        }
    }

    interface JsonValues {
        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default List<String> tagged() {
            COMPUTED.incrementAndGet();
            return new Tagged("red", List.of("x"));
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Map<String, Integer> accessOrdered() {
            COMPUTED.incrementAndGet();
            Map<String, Integer> map = new LinkedHashMap<>(16, 0.75f, true);
            map.put("a", 1);
            map.put("b", 2);
            return map;
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default java.util.SortedSet<String> caseInsensitive() {
            COMPUTED.incrementAndGet();
            java.util.SortedSet<String> set = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            set.add("B");
            set.add("a");
            return set;
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Map<String, Integer> insertionOrdered() {
            COMPUTED.incrementAndGet();
            Map<String, Integer> map = new LinkedHashMap<>();
            map.put("b", 2);
            map.put("a", 1);
            return map;
        }
    }

    interface SerializedValues {
        @LabtechCached(cache = dev.labtech.cache.JavaSerializationCache.class)
        default Object value(String name) {
            COMPUTED.incrementAndGet();
            return VALUES.get(name).get();
        }
    }

    /** A row: how to make the value, and what a test would observe of it. */
    record Row(String name, Supplier<Object> value, Function<Object, Object> behaviour, String refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row exact(String name, Supplier<Object> value, Function<Object, Object> behaviour) {
        return new Row(name, value, behaviour, null);
    }

    /** A row refused at save, with what the one warning must say. */
    private static Row refused(String name, Supplier<Object> value, String warning) {
        return new Row(name, value, Function.identity(), warning);
    }

    @SuppressWarnings("unchecked")
    private static <T> Function<Object, Object> as(Function<T, Object> behaviour) {
        return value -> behaviour.apply((T) value);
    }

    static Stream<Arguments> rows() {
        ExactOrRefusedTests outer = new ExactOrRefusedTests();
        List<Row> rows = List.of(
                exact("an LRU LinkedHashMap subclass", () -> {
                    Lru<String, Integer> lru = new Lru<>(3);
                    lru.put("a", 1);
                    lru.put("b", 2);
                    lru.put("c", 3);
                    lru.get("a");
                    lru.put("d", 4);
                    return lru;
                }, as((Lru<String, Integer> lru) -> {
                    List<String> before = new ArrayList<>(lru.keySet());
                    lru.get("c");
                    lru.put("e", 5);
                    return before + " then " + lru.keySet();
                })),
                exact("an access-order LinkedHashMap", () -> {
                    Map<String, Integer> map = new LinkedHashMap<>(16, 0.75f, true);
                    map.put("a", 1);
                    map.put("b", 2);
                    map.put("c", 3);
                    map.get("a");
                    return map;
                }, as((Map<String, Integer> map) -> {
                    List<String> before = new ArrayList<>(map.keySet());
                    map.get("b");
                    return before + " then " + map.keySet();
                })),
                exact("an insertion-order LinkedHashMap", () -> {
                    Map<String, Integer> map = new LinkedHashMap<>();
                    map.put("b", 2);
                    map.put("a", 1);
                    return map;
                }, as((Map<String, Integer> map) -> {
                    map.get("b");
                    return map.keySet().toString();
                })),
                exact("an ArrayList subclass with a field", () -> new Tagged("red", List.of("x", "y")),
                        as((Tagged tagged) -> tagged.tag + " " + tagged)),
                exact("a transient field rebuilt by readObject", () -> new Indexed(List.of("a", "b")),
                        as((Indexed indexed) -> indexed.index.get("b"))),
                exact("a readResolve singleton", () -> new Length(2.5, Unit.METER),
                        as((Length length) -> (length.unit() == Unit.METER) + " " + length.value())),
                exact("a ConcurrentSkipListSet with a comparator", () -> {
                    Set<String> set = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);
                    set.add("A");
                    set.add("b");
                    return set;
                }, as((Set<String> set) -> set.contains("a") + " " + set)),
                exact("Collections.newSetFromMap", () -> {
                    Set<String> set = Collections.newSetFromMap(new ConcurrentHashMap<>());
                    set.add("x");
                    return set;
                }, as((Set<String> set) -> set.contains("x") + " " + set.add("y") + " " + set.size())),
                exact("hash-based and sorted sets and maps in a cycle, hashed and sorted by a field read after them", () -> {
                    Node a = new Node("a");
                    Node b = new Node("b");
                    a.links.add(b);
                    b.links.add(a);
                    a.sorted.add(b);
                    b.sorted.add(a);
                    b.sorted.add(b);
                    a.weights.put(b, 1);
                    b.weights.put(a, 2);
                    b.ranks.put(a, 3);
                    b.ranks.put(b, 4);
                    return a;
                }, as((Node a) -> {
                    Node b = a.links.iterator().next();
                    return List.of(b.links.contains(a), a.links.contains(b), b.sorted.contains(a), b.sorted.size(),
                            b.sorted.first().name, b.weights.get(a), a.weights.get(b), b.ranks.get(a), b.ranks.firstKey().name);
                })),
                exact("a record", () -> new Point(1, 2), Function.identity()),
                exact("a class with a readObject(String) that is no hook", () -> new Reader(4),
                        as((Reader reader) -> reader.readObject("p"))),
                exact("an enum constant with a body", () -> Op.TWICE, as((Op op) -> (op == Op.TWICE) + " " + op.apply(5))),
                exact("an EnumSet and an EnumMap", () -> List.of(EnumSet.of(Op.TWICE), new EnumMap<>(Map.of(Op.TWICE, 1))),
                        as((List<Object> both) -> both + " " + both.get(0).getClass().getName())),
                exact("List.of, Map.of and Arrays.asList", () -> List.of(List.of(1, 2), Map.of("k", 1), Arrays.asList("a", "b")),
                        as((List<Object> all) -> all + " " + all.stream().map(part -> part.getClass().getName()).toList())),
                exact("unmodifiable and synchronized views", () -> List.of(Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                                Collections.synchronizedMap(new TreeMap<>(Map.of("b", 2, "a", 1)))),
                        as((List<Object> all) -> all + " " + all.stream().map(part -> part.getClass().getName()).toList())),
                exact("an unmodifiable view of a TreeSet with a comparator", () -> {
                    java.util.TreeSet<String> sorted = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    sorted.add("A");
                    return Collections.unmodifiableSet(sorted);
                }, as((Set<String> set) -> set.contains("a") + " " + set.getClass().getName())),
                exact("a view over a list the result also holds", () -> {
                    List<String> shared = new ArrayList<>(List.of("x"));
                    return List.of(shared, Collections.unmodifiableList(shared), Collections.synchronizedList(shared));
                }, as((List<List<String>> all) -> {
                    all.get(0).add("y");
                    return all.get(1) + " " + all.get(2);
                })),
                refused("a synchronized view that locks on its map", () -> new ArrayList<>(List.of(
                        Collections.synchronizedMap(new HashMap<>(Map.of("k", 1))).keySet())), "locks on another object"),
                exact("a TreeMap with a comparator", () -> {
                    TreeMap<String, Integer> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    map.put("B", 2);
                    map.put("a", 1);
                    return map;
                }, as((TreeMap<String, Integer> map) -> map.get("b") + " " + map)),
                exact("a PriorityQueue and an ArrayDeque", () -> {
                    PriorityQueue<Integer> queue = new PriorityQueue<>(Collections.reverseOrder());
                    queue.addAll(List.of(1, 3, 2));
                    return List.of(queue, new ArrayDeque<>(List.of("x", "y")));
                }, as((List<Object> both) -> ((PriorityQueue<?>) both.get(0)).poll() + " " + both.get(1))),
                exact("an IdentityHashMap whose key is also in a list", () -> {
                    Point key = new Point(1, 1);
                    Map<Point, String> map = new IdentityHashMap<>();
                    map.put(key, "v");
                    return List.of(map, key);
                }, as((List<Object> both) -> ((Map<?, ?>) both.get(0)).get(both.get(1)))),
                exact("a java.util.Random", () -> new java.util.Random(42), as((java.util.Random random) ->
                        List.of(random.nextInt(), random.nextInt(), random.nextGaussian()))),
                exact("JDK classes Kryo has no serializer for: a map entry and a File", () -> List.of(
                        new java.util.AbstractMap.SimpleEntry<>("k", 1), new java.io.File("data/x.txt")),
                        as((List<Object> both) -> both + " " + both.stream().map(part -> part.getClass().getName()).toList()
                                + " " + ((java.io.File) both.get(1)).getName())),
                exact("a BitSet, an Optional, java.time and BigDecimal", () -> List.of(BitSet.valueOf(new long[] {5}),
                        Optional.of("x"), LocalDate.of(2026, 12, 1), new BigDecimal("1.50")), Function.identity()),
                exact("a cycle and shared references", () -> {
                    List<Object> shared = new ArrayList<>(List.of("s"));
                    List<Object> root = new ArrayList<>();
                    root.add(shared);
                    root.add(shared);
                    root.add(root);
                    return root;
                }, as((List<Object> root) -> (root.get(0) == root.get(1)) + " " + (root.get(2) == root))),
                refused("a lambda held in a field", () -> new Scaler(x -> x * 2),
                        "a lambda or another class generated at run time"),
                refused("a non-static inner class", () -> outer.new Inner(),
                        "a " + Inner.class.getName() + ", an inner, local or anonymous class"),
                refused("an anonymous class capturing a variable", () -> {
                    int captured = 7;
                    return new IntUnaryOperatorHolder() {
                        @Override
                        public int applyAsInt(int x) {
                            return x + captured;
                        }
                    };
                }, "an inner, local or anonymous class"));
        return rows.stream().map(Arguments::of);
    }

    /** The rows of Java serialization: what it keeps exactly, and what loading would refuse, refused at save. */
    static Stream<Arguments> serializedRows() {
        return Stream.of(
                exact("a java.util.Random", () -> new java.util.Random(42), as((java.util.Random random) ->
                        List.of(random.nextInt(), random.nextInt(), random.nextGaussian()))),
                exact("a java.util.regex.Pattern", () -> java.util.regex.Pattern.compile("a+b", java.util.regex.Pattern.CASE_INSENSITIVE),
                        as((java.util.regex.Pattern pattern) -> pattern.matcher("AAB").matches() + " " + pattern.flags())),
                refused("a class of the project the declared type (Object) does not name", () -> new Lru<String, Integer>(2),
                        "a " + Lru.class.getName() + ", which is not among the classes"),
                exact("a ConcurrentSkipListSet with a comparator", () -> {
                    Set<String> set = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);
                    set.add("A");
                    return set;
                }, as((Set<String> set) -> set.contains("a"))),
                refused("a JDK class loading would refuse", () -> new java.util.ArrayList<>(List.of(
                        new java.text.SimpleDateFormat("yyyy"))), "a java.text.SimpleDateFormat, which is not among the classes"))
                .map(Arguments::of);
    }

    @TempDir
    java.nio.file.Path directory;

    /** JsonCache's check compares what a copy would lose: a subclass's fields, access order, a comparator. */
    @org.junit.jupiter.api.Test
    void jsonCacheRefusesWhatItsCopyWouldLoseAndKeepsTheOrderOfWhatItStores() {
        List<Function<JsonValues, Object>> refusedCalls = List.of(JsonValues::tagged, JsonValues::accessOrdered,
                JsonValues::caseInsensitive);
        for (Function<JsonValues, Object> call : refusedCalls) {
            try (LogRecorder log = new LogRecorder()) {
                call.apply(new Lab(new LocalStorage(directory)).fixtures(JsonValues.class));
                assertThat(log.warnings()).singleElement().asString().contains("JsonCache cannot store the result of")
                        .doesNotContain("damaged");
            }
        }
        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).as("none of them stored").isEmpty();

        Map<String, Integer> computed = new Lab(new LocalStorage(directory)).fixtures(JsonValues.class).insertionOrdered();
        COMPUTED.set(0);
        Map<String, Integer> loaded = new Lab(new LocalStorage(directory)).fixtures(JsonValues.class).insertionOrdered();
        assertThat(COMPUTED).hasValue(0);
        assertThat(new ArrayList<>(loaded.keySet())).isEqualTo(new ArrayList<>(computed.keySet())).containsExactly("b", "a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializedRows")
    void javaSerializationGivesBackTheSameBehaviourOrRefusesAtSave(Row row) {
        check(row, SerializedValues.class, SerializedValues::value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aLoadedValueBehavesLikeTheComputedOneOrIsRefusedAtSave(Row row) {
        check(row, Values.class, Values::value);
    }

    private <F> void check(Row row, Class<F> fixtures, java.util.function.BiFunction<F, String, Object> call) {
        VALUES.put(row.name(), row.value());
        COMPUTED.set(0);
        Object computed;
        try (LogRecorder log = new LogRecorder()) {
            computed = call.apply(new Lab(new LocalStorage(directory)).fixtures(fixtures), row.name());
            if (row.refusal() != null) {
                assertThat(log.warnings()).singleElement().asString().contains(row.refusal()).doesNotContain("damaged");
                assertThat(new Lab(new LocalStorage(directory)).cachedResults()).as("nothing stored").isEmpty();
                return;
            }
            assertThat(log.warnings()).as("stored without a warning").isEmpty();
        }
        Object expected = row.behaviour().apply(row.value().get());

        Object loaded;
        try (LogRecorder log = new LogRecorder()) {
            loaded = call.apply(new Lab(new LocalStorage(directory)).fixtures(fixtures), row.name());
            assertThat(log.warnings()).as("loaded without a warning").isEmpty();
        }

        assertThat(COMPUTED).as("loaded, not computed again").hasValue(1);
        assertThat(loaded.getClass()).isEqualTo(computed.getClass());
        assertThat(row.behaviour().apply(loaded)).isEqualTo(expected);
    }
}
