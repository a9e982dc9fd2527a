package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
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

    @SuppressWarnings("unchecked")
    static <T> T compute(String name) {
        COMPUTED.incrementAndGet();
        return (T) VALUES.get(name).get();
    }

    interface Values {
        @LabtechCached
        default Object value(String name) {
            return compute(name);
        }
    }

    interface SerializedValues {
        @LabtechCached(cache = dev.labtech.cache.JavaSerializationCache.class)
        default Object value(String name) {
            return compute(name);
        }
    }

    /** JsonCache reads a result as the declared type: a method per type the rows need, and Object for the rest. */
    interface JsonValues {
        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Object value(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Point point(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Op op(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default EnumSet<Op> enumSet(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default EnumMap<Op, Integer> enumMap(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default List<String> strings(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Set<String> stringSet(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Map<String, Integer> counts(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default TreeMap<String, Integer> sortedCounts(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default PriorityQueue<Integer> queue(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default ArrayDeque<String> deque(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default BitSet bits(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Optional<String> maybe(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Instant instant(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default LocalDate date(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default BigDecimal decimal(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default List<Object> objects(String name) {
            return compute(name);
        }

        @LabtechCached(cache = dev.labtech.cache.JsonCache.class)
        default Length length(String name) {
            return compute(name);
        }
    }

    /** The built-in caches, each through a fixture of its own over the same rows. */
    enum Via {
        BINARY, JSON, JAVA
    }

    /**
     * A row: how to make the value, what a test would observe of it, which cache refuses it with what
     * warning (the others must give it back exactly), and JsonCache's method for its declared type.
     */
    record Row(String name, Supplier<Object> value, Function<Object, Object> behaviour, Map<Via, String> refusals,
            java.util.function.BiFunction<JsonValues, String, Object> json, Class<?> jsonLoadsAs) {

        Row refusedBy(Via via, String warning) {
            Map<Via, String> more = new EnumMap<>(Via.class);
            more.putAll(refusals);
            more.put(via, warning);
            return new Row(name, value, behaviour, more, json, jsonLoadsAs);
        }

        Row json(java.util.function.BiFunction<JsonValues, String, Object> typed) {
            return new Row(name, value, behaviour, refusals, typed, jsonLoadsAs);
        }

        /** JsonCache's one licence: a plain JDK list, set or map may come back in Jackson's plain class. */
        Row jsonLoadsAs(Class<?> plain) {
            return new Row(name, value, behaviour, refusals, json, plain);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Row exact(String name, Supplier<Object> value, Function<Object, Object> behaviour) {
        return new Row(name, value, behaviour, Map.of(), JsonValues::value, null);
    }

    /** A row every cache refuses at save, with what each one warning must say. */
    private static Row refused(String name, Supplier<Object> value, String warning) {
        Row row = exact(name, value, Function.identity());
        for (Via via : Via.values()) {
            row = row.refusedBy(via, warning);
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private static <T> Function<Object, Object> as(Function<T, Object> behaviour) {
        return value -> behaviour.apply((T) value);
    }

    /** What a test sees of a value: its text and the class of each of its parts. */
    private static Object withClasses(Object value) {
        if (value instanceof java.util.Collection<?> parts) {
            return value + " " + parts.stream().map(part -> part == null ? "null" : part.getClass().getName()).toList();
        }
        if (value instanceof Map<?, ?> map) {
            return map + " " + map.entrySet().stream().map(entry -> entry.getKey().getClass().getName() + "="
                    + entry.getValue().getClass().getName()).toList();
        }
        return value + " " + value.getClass().getName();
    }

    static final String UNTYPED = "typically because a field is declared as Object";
    static final String NOT_AMONG = "which is not among the classes";

    static Stream<Arguments> rows() {
        ExactOrRefusedTests outer = new ExactOrRefusedTests();
        return Stream.of(
                exact("a record", () -> new Point(1, 2), Function.identity()).json(JsonValues::point)
                        .refusedBy(Via.JAVA, Point.class.getName() + " does not implement java.io.Serializable"),
                exact("an enum constant with a body", () -> Op.TWICE, as((Op op) -> (op == Op.TWICE) + " " + op.apply(5)))
                        .json(JsonValues::op).refusedBy(Via.JAVA, NOT_AMONG),
                exact("an EnumSet", () -> EnumSet.of(Op.TWICE), ExactOrRefusedTests::withClasses).json(JsonValues::enumSet)
                        .refusedBy(Via.JAVA, NOT_AMONG),
                exact("an EnumMap", () -> new EnumMap<>(Map.of(Op.TWICE, 1)), ExactOrRefusedTests::withClasses)
                        .json(JsonValues::enumMap).refusedBy(Via.JAVA, NOT_AMONG),
                exact("an empty EnumMap keeps its key type", () -> new EnumMap<Op, Integer>(Op.class),
                        as((EnumMap<Op, Integer> map) -> {
                            map.put(Op.TWICE, 2);
                            return map.toString();
                        })).json(JsonValues::enumMap).refusedBy(Via.JAVA, NOT_AMONG),
                exact("List.of", () -> List.of("b", "a"), ExactOrRefusedTests::withClasses).json(JsonValues::strings).jsonLoadsAs(ArrayList.class),
                exact("Map.of", () -> Map.of("k", 1), ExactOrRefusedTests::withClasses).json(JsonValues::counts).jsonLoadsAs(LinkedHashMap.class),
                exact("Arrays.asList", () -> Arrays.asList("b", "a"), ExactOrRefusedTests::withClasses).json(JsonValues::strings).jsonLoadsAs(ArrayList.class),
                exact("an unmodifiable list", () -> Collections.unmodifiableList(new ArrayList<>(List.of("x"))),
                        ExactOrRefusedTests::withClasses).json(JsonValues::strings).jsonLoadsAs(ArrayList.class),
                exact("a synchronized sorted map", () -> Collections.synchronizedMap(new TreeMap<>(Map.of("b", 2, "a", 1))),
                        ExactOrRefusedTests::withClasses).json(JsonValues::counts).refusedBy(Via.JSON, "synchronized view of java.util.TreeMap"),
                exact("an unmodifiable view of a TreeSet with a comparator", () -> {
                    java.util.TreeSet<String> sorted = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    sorted.add("A");
                    return Collections.unmodifiableSet(sorted);
                }, as((Set<String> set) -> set.contains("a") + " " + set.getClass().getName())).json(JsonValues::stringSet).refusedBy(Via.JSON, "view of java.util.TreeSet, comparator"),
                exact("a view over a list the result also holds", () -> {
                    List<String> shared = new ArrayList<>(List.of("x"));
                    return List.of(shared, Collections.unmodifiableList(shared), Collections.synchronizedList(shared));
                }, as((List<List<String>> all) -> {
                    all.get(0).add("y");
                    return all.get(1) + " " + all.get(2);
                })).refusedBy(Via.JSON, "different value or type"),
                exact("a synchronized view that locks on its map", () -> new ArrayList<>(List.of(
                        Collections.synchronizedMap(new HashMap<>(Map.of("k", 1))).keySet())), ExactOrRefusedTests::withClasses)
                        .refusedBy(Via.BINARY, "SynchronizedSet that locks on another object")
                        .refusedBy(Via.JSON, "synchronized view of java.util.HashMap")
                        .refusedBy(Via.JAVA, "java.util.HashMap$KeySet does not implement java.io.Serializable"),
                exact("a sub-list view", () -> new ArrayList<>(List.of("a", "b", "c")).subList(0, 2), ExactOrRefusedTests::withClasses)
                        .refusedBy(Via.BINARY, "java.util.ArrayList$SubList").refusedBy(Via.JAVA, "java.util.ArrayList$SubList")
                        .refusedBy(Via.JSON, "java.util.ArrayList$SubList"),
                exact("a TreeMap with a comparator", () -> {
                    TreeMap<String, Integer> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    map.put("B", 2);
                    map.put("a", 1);
                    return map;
                }, as((TreeMap<String, Integer> map) -> map.get("b") + " " + map)).json(JsonValues::sortedCounts).refusedBy(Via.JSON, "java.util.TreeMap, comparator"),
                exact("a TreeMap in natural order", () -> new TreeMap<>(Map.of("b", 2, "a", 1)),
                        ExactOrRefusedTests::withClasses).json(JsonValues::sortedCounts),
                exact("a TreeMap declared as a Map", () -> new TreeMap<>(Map.of("b", 2, "a", 1)),
                        as((Map<String, Integer> map) -> {
                            map.put("0", 0);
                            return map.keySet().toString();
                        })).json(JsonValues::counts).refusedBy(Via.JSON, "java.util.TreeMap"),
                exact("a PriorityQueue with a comparator", () -> {
                    PriorityQueue<Integer> queue = new PriorityQueue<>(Collections.reverseOrder());
                    queue.addAll(List.of(1, 3, 2));
                    return queue;
                }, as((PriorityQueue<Integer> queue) -> queue.poll() + " " + queue.poll())).json(JsonValues::queue).refusedBy(Via.JSON, "java.util.PriorityQueue, comparator"),
                exact("an ArrayDeque", () -> new ArrayDeque<>(List.of("x", "y")),
                        as((ArrayDeque<String> deque) -> deque.pollLast() + " " + deque)).json(JsonValues::deque),
                exact("an IdentityHashMap whose key is also in a list", () -> {
                    Point key = new Point(1, 1);
                    Map<Point, String> map = new IdentityHashMap<>();
                    map.put(key, "v");
                    return List.of(map, key);
                }, as((List<Object> both) -> ((Map<?, ?>) both.get(0)).get(both.get(1)))).json(JsonValues::objects)
                        .refusedBy(Via.JAVA, Point.class.getName() + " does not implement java.io.Serializable").refusedBy(Via.JSON, "different value or type"),
                exact("a BitSet", () -> BitSet.valueOf(new long[] {5}), ExactOrRefusedTests::withClasses).json(JsonValues::bits).refusedBy(Via.JSON, "java.util.BitSet — Jackson cannot rebuild it"),
                exact("an Optional", () -> Optional.of("x"), ExactOrRefusedTests::withClasses).json(JsonValues::maybe).refusedBy(Via.JAVA, "java.util.Optional does not implement java.io.Serializable"),
                exact("an Instant", () -> Instant.ofEpochSecond(1, 7), ExactOrRefusedTests::withClasses).json(JsonValues::instant),
                exact("a LocalDate", () -> LocalDate.of(2026, 12, 1), ExactOrRefusedTests::withClasses).json(JsonValues::date),
                exact("a BigDecimal keeps its scale", () -> new BigDecimal("1.50"),
                        ExactOrRefusedTests::withClasses).json(JsonValues::decimal),
                exact("values of several classes in a List<Object>", () -> List.of(1L, 2.5f, 'c', LocalDate.of(2026, 1, 1)),
                        ExactOrRefusedTests::withClasses).json(JsonValues::objects).refusedBy(Via.JSON, "java.lang.Long\":1},{\"@java.lang.Float"),
                exact("a cycle and shared references", () -> {
                    List<Object> shared = new ArrayList<>(List.of("s"));
                    List<Object> root = new ArrayList<>();
                    root.add(shared);
                    root.add(shared);
                    root.add(root);
                    return root;
                }, as((List<Object> root) -> (root.get(0) == root.get(1)) + " " + (root.get(2) == root)))
                        .json(JsonValues::objects).refusedBy(Via.JSON, "nesting depth"),
                exact("shared references without a cycle", () -> {
                    List<Object> shared = new ArrayList<>(List.of("s"));
                    return new ArrayList<>(List.of(shared, shared));
                }, as((List<Object> root) -> root.get(0) == root.get(1))).json(JsonValues::objects).refusedBy(Via.JSON, "@ref"),
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
                })).json(JsonValues::counts).refusedBy(Via.JAVA, "a " + Lru.class.getName() + ", " + NOT_AMONG).refusedBy(Via.JSON, Lru.class.getName()),
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
                })).json(JsonValues::counts).refusedBy(Via.JSON, "access order"),
                exact("an insertion-order LinkedHashMap", () -> {
                    Map<String, Integer> map = new LinkedHashMap<>();
                    map.put("b", 2);
                    map.put("a", 1);
                    return map;
                }, as((Map<String, Integer> map) -> {
                    map.get("b");
                    return map.keySet().toString();
                })).json(JsonValues::counts),
                exact("an ArrayList subclass with a field", () -> new Tagged("red", List.of("x", "y")),
                        as((Tagged tagged) -> tagged.tag + " " + tagged)).json(JsonValues::strings)
                        .refusedBy(Via.JAVA, NOT_AMONG).refusedBy(Via.JSON, Tagged.class.getName()),
                exact("a transient field rebuilt by readObject", () -> new Indexed(List.of("a", "b")),
                        as((Indexed indexed) -> indexed.index.get("b"))).refusedBy(Via.JAVA, NOT_AMONG).refusedBy(Via.JSON, Indexed.class.getName()),
                exact("a readResolve singleton", () -> new Length(2.5, Unit.METER),
                        as((Length length) -> (length.unit() == Unit.METER) + " " + length.value()))
                        .json(JsonValues::length).refusedBy(Via.JAVA, Length.class.getName() + " does not implement java.io.Serializable").refusedBy(Via.JSON, "Cannot construct instance of `" + Unit.class.getName()),
                exact("a list both a Java-serialized object and the rest of the result hold", () -> {
                    Indexed indexed = new Indexed(new ArrayList<>(List.of("a", "b")));
                    return new ArrayList<>(List.of(indexed, indexed.words));
                }, as((List<Object> both) -> both.get(1) == ((Indexed) both.get(0)).words))
                        .refusedBy(Via.BINARY, "a java.util.ArrayList that a " + Indexed.class.getName()
                                + " written by its own Java serialization holds, and so does another part of the result")
                        .refusedBy(Via.JSON, "different value or type").refusedBy(Via.JAVA, NOT_AMONG),
                exact("a list two Java-serialized objects hold", () -> {
                    List<String> words = new ArrayList<>(List.of("a", "b"));
                    return new ArrayList<>(List.of(new Indexed(words), new Indexed(words)));
                }, as((List<Indexed> both) -> both.get(0).words == both.get(1).words))
                        .refusedBy(Via.BINARY, "would come back as two copies")
                        .refusedBy(Via.JSON, "different value or type").refusedBy(Via.JAVA, NOT_AMONG),
                exact("a readResolve singleton held by a record and by the result", () ->
                        new ArrayList<>(List.of(new Length(1, Unit.METER), Unit.METER, new Indexed(List.of("x")), List.of("y"))),
                        as((List<Object> all) -> (((Length) all.get(0)).unit() == all.get(1)) + " " + (all.get(1) == Unit.METER)
                                + " " + ((Indexed) all.get(2)).index))
                        .refusedBy(Via.JSON, "different value or type").refusedBy(Via.JAVA, Length.class.getName() + " does not implement java.io.Serializable"),
                exact("a ConcurrentSkipListSet with a comparator", () -> {
                    Set<String> set = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);
                    set.add("A");
                    set.add("b");
                    return set;
                }, as((Set<String> set) -> set.contains("a") + " " + set)).json(JsonValues::stringSet).refusedBy(Via.JSON, "java.util.concurrent.ConcurrentSkipListSet"),
                exact("Collections.newSetFromMap", () -> {
                    Set<String> set = Collections.newSetFromMap(new ConcurrentHashMap<>());
                    set.add("x");
                    return set;
                }, as((Set<String> set) -> set.contains("x") + " " + set.add("y") + " " + set.size())).json(JsonValues::stringSet).refusedBy(Via.JSON, "java.util.Collections$SetFromMap"),
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
                })).refusedBy(Via.JAVA, Node.class.getName() + " does not implement java.io.Serializable").refusedBy(Via.JSON, Node.class.getName()),
                exact("a class with a readObject(String) that is no hook", () -> new Reader(4),
                        as((Reader reader) -> reader.readObject("p"))).refusedBy(Via.JAVA, Reader.class.getName() + " does not implement java.io.Serializable").refusedBy(Via.JSON, Reader.class.getName()),
                exact("a java.util.Random", () -> new java.util.Random(42), as((java.util.Random random) ->
                        List.of(random.nextInt(), random.nextInt(), random.nextGaussian()))).refusedBy(Via.JSON, "a java.util.Random that JsonCache cannot compare"),
                exact("a java.util.regex.Pattern", () -> java.util.regex.Pattern.compile("a+b", java.util.regex.Pattern.CASE_INSENSITIVE),
                        as((java.util.regex.Pattern pattern) -> pattern.matcher("AAB").matches() + " " + pattern.flags())).refusedBy(Via.JSON, "a java.util.regex.Pattern that JsonCache cannot compare"),
                exact("JDK classes Kryo has no serializer for: a map entry and a File", () -> List.of(
                        new java.util.AbstractMap.SimpleEntry<>("k", 1), new java.io.File("data/x.txt")),
                        as((List<Object> both) -> withClasses(both) + " " + ((java.io.File) both.get(1)).getName())).refusedBy(Via.JSON, "java.util.AbstractMap$SimpleEntry that JsonCache cannot compare"),
                exact("a JDK class loading would refuse", () -> new java.util.ArrayList<>(List.of(
                        new java.text.SimpleDateFormat("yyyy"))), as((List<java.text.SimpleDateFormat> formats) ->
                        formats.get(0).format(new java.util.Date(0)))).refusedBy(Via.JAVA, "a java.text.SimpleDateFormat, " + NOT_AMONG).refusedBy(Via.BINARY, "a java.text.SimpleDateFormat, " + NOT_AMONG).refusedBy(Via.JSON, "java.text.SimpleDateFormat that JsonCache cannot compare"),
                exact("a lambda held in a field", () -> new Scaler(x -> x * 2), Function.identity())
                        .refusedBy(Via.BINARY, "a lambda or another class generated at run time")
                        .refusedBy(Via.JAVA, Scaler.class.getName() + " does not implement java.io.Serializable")
                        .refusedBy(Via.JSON, Scaler.class.getName()),
                refused("a non-static inner class", () -> outer.new Inner(), Inner.class.getName()),
                refused("an anonymous class capturing a variable", () -> {
                    int captured = 7;
                    return new IntUnaryOperatorHolder() {
                        @Override
                        public int applyAsInt(int x) {
                            return x + captured;
                        }
                    };
                }, "ExactOrRefusedTests$"))
                .flatMap(row -> Stream.of(Via.values()).map(via -> Arguments.of(via, row)));
    }

    @TempDir
    java.nio.file.Path directory;

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void aLoadedValueBehavesLikeTheComputedOneOrIsRefusedAtSave(Via via, Row row) {
        switch (via) {
            case BINARY -> check(via, row, Values.class, Values::value);
            case JAVA -> check(via, row, SerializedValues.class, SerializedValues::value);
            case JSON -> check(via, row, JsonValues.class, row.json());
            default -> throw new IllegalArgumentException(via.name());
        }
    }

    private <F> void check(Via via, Row row, Class<F> fixtures, java.util.function.BiFunction<F, String, Object> call) {
        VALUES.put(row.name(), row.value());
        COMPUTED.set(0);
        String refusal = row.refusals().get(via);
        Object computed;
        try (LogRecorder log = new LogRecorder()) {
            computed = call.apply(new Lab(new LocalStorage(directory)).fixtures(fixtures), row.name());
            if (refusal != null) {
                assertThat(log.warnings()).singleElement().asString().contains("cannot store the result of")
                        .contains(refusal).doesNotContain("damaged");
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
        assertThat(loaded.getClass()).isEqualTo(via == Via.JSON && row.jsonLoadsAs() != null ? row.jsonLoadsAs()
                : computed.getClass());
        assertThat(row.behaviour().apply(loaded)).isEqualTo(expected);
    }
}
