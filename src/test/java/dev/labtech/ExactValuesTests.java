package dev.labtech;

import dev.labtech.cache.JsonCache;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.StreamCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache must hand back exactly what was computed, or compute again: every case runs a computing
 * lab and then a fresh lab over the same directory, and checks the value and its classes both times.
 */
class ExactValuesTests {

    static final AtomicInteger CALLS = new AtomicInteger();
    static volatile Object payload;

    enum Color { RED }

    enum Alert { RED }

    record Box(String name, Object payload) {
    }

    interface Typed {
        @LabtechCached
        default String describe(Object value) {
            CALLS.incrementAndGet();
            return ExactValuesTests.describe(value);
        }

        @LabtechCached
        default String optional(Optional<String> value) {
            CALLS.incrementAndGet();
            return value == null ? "null" : "optional, present: " + value.isPresent();
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default <T> List<T> repeat(T value, int times) {
            CALLS.incrementAndGet();
            return new ArrayList<>(java.util.Collections.nCopies(times, value));
        }

        @LabtechCached
        default String numbers(Set<Integer> numbers) {
            CALLS.incrementAndGet();
            return numbers.toString();
        }

        @LabtechCached(cache = JsonCache.class)
        default Box box(String name) {
            CALLS.incrementAndGet();
            return new Box(name, payload);
        }

        @LabtechCached(cache = JsonCache.class)
        default Map<String, Number> counts(String name) {
            CALLS.incrementAndGet();
            Map<String, Number> counts = new LinkedHashMap<>();
            counts.put(name, payload instanceof Number number ? number : 0);
            return counts;
        }

        @LabtechCached(cache = JsonCache.class)
        default Map<String, Object> properties(String name) {
            CALLS.incrementAndGet();
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(name, payload);
            return properties;
        }

        @LabtechCached(cache = JsonCache.class)
        default List<Object> items(String name) {
            CALLS.incrementAndGet();
            List<Object> items = new ArrayList<>();
            items.add(name);
            items.add(payload);
            return items;
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
        return value.getClass().getSimpleName() + ":" + text;
    }

    interface Base {
        @LabtechCached
        default int total(int x) {
            CALLS.incrementAndGet();
            return x * multiplier();
        }

        default int multiplier() {
            return 1;
        }
    }

    interface Doubled extends Base {
        @Override
        default int multiplier() {
            return 2;
        }
    }

    interface Tripled extends Base {
        @Override
        default int multiplier() {
            return 3;
        }
    }

    interface Varargs {
        default int plain(int... numbers) {
            return Arrays.stream(numbers).sum();
        }

        default String glue(String... parts) {
            return String.join("+", parts);
        }

        @LabtechCached
        default int sum(int... numbers) {
            CALLS.incrementAndGet();
            return plain(numbers);
        }

        @LabtechCached
        default String joined(String first, String... rest) {
            CALLS.incrementAndGet();
            return first + ":" + glue(rest);
        }

        @LabtechCached
        default int doubledThroughAHelper(int n) {
            CALLS.incrementAndGet();
            return plain(n, n);
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
        payload = null;
    }

    private Lab lab() {
        return new Lab(new LocalStorage(directory));
    }

    private Lab lab(Mode mode) {
        return Lab.builder().storage(new LocalStorage(directory)).mode(mode).build();
    }

    /** Calls {@code call} in a computing lab, then in a fresh lab over the same directory. */
    private <F, R> List<R> computeThenLoad(Class<F> fixtures, Function<F, R> call) {
        R computed = call.apply(lab().fixtures(fixtures));
        Lab loading = lab();
        R loaded = call.apply(loading.fixtures(fixtures));
        return List.of(computed, loaded);
    }

    @Test
    void argumentsThatDifferOnlyInTypeKeepTheirOwnResultsInMemoryAndOnDisk() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        List<Object> values = List.of(5, 5L, 'a', "a", Color.RED, Alert.RED, "RED", 1.5f, 1.5d, Double.NaN, "NaN",
                uuid, uuid.toString(), Path.of("x"), "x", List.of(1), new int[] {1}, new TreeSet<>(Set.of(1)),
                Optional.of("x"));
        List<String> expected = values.stream().map(ExactValuesTests::describe).toList();

        Typed computing = lab().fixtures(Typed.class);
        assertThat(values.stream().map(computing::describe).toList()).isEqualTo(expected);
        assertThat(CALLS).as("each value computed on its own").hasValue(values.size());

        CALLS.set(0);
        Lab loading = lab();
        Typed loaded = loading.fixtures(Typed.class);
        assertThat(values.stream().map(loaded::describe).toList()).isEqualTo(expected);
        assertThat(CALLS).as("computed again in the loading run").hasValue(0);
        assertThat(loading.statistics().loaded()).isEqualTo(values.size());
    }

    @Test
    void anEmptyOptionalAndNullAreDifferentCalls() {
        List<List<String>> runs = List.of(
                computeThenLoad(Typed.class, fixtures -> fixtures.optional(Optional.empty())),
                computeThenLoad(Typed.class, fixtures -> fixtures.optional(null)));

        assertThat(runs.get(0)).containsExactly("optional, present: false", "optional, present: false");
        assertThat(runs.get(1)).containsExactly("null", "null");
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void aGenericFixtureReturnsElementsOfTheTypeItWasCalledWith() {
        List<List<Object>> ints = computeThenLoad(Typed.class, fixtures -> fixtures.repeat(1, 2));
        List<List<Object>> longs = computeThenLoad(Typed.class, fixtures -> fixtures.repeat(1L, 2));

        for (List<Object> value : ints) {
            assertThat(value).containsExactly(1, 1).allSatisfy(element -> assertThat(element).isExactlyInstanceOf(Integer.class));
        }
        for (List<Object> value : longs) {
            assertThat(value).containsExactly(1L, 1L).allSatisfy(element -> assertThat(element).isExactlyInstanceOf(Long.class));
        }
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void equalSetsShareOneEntryWhateverTheirImplementation() {
        Typed computing = lab().fixtures(Typed.class);
        String first = computing.numbers(new HashSet<>(List.of(10, 9)));
        String second = computing.numbers(new TreeSet<>(List.of(9, 10)));
        Lab loading = lab();
        String third = loading.fixtures(Typed.class).numbers(Set.of(9, 10));

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(CALLS).hasValue(1);
        assertThat(loading.statistics().loaded()).isEqualTo(1);
    }

    @Test
    void anInheritedFixtureIsKeyedByTheInterfaceItWasCalledThrough() {
        Lab computing = lab();
        assertThat(computing.fixtures(Doubled.class).total(10)).isEqualTo(20);
        assertThat(computing.fixtures(Tripled.class).total(10)).isEqualTo(30);
        assertThat(computing.fixtures(Base.class).total(10)).isEqualTo(10);

        Lab loading = lab();
        assertThat(loading.fixtures(Tripled.class).total(10)).isEqualTo(30);
        assertThat(loading.fixtures(Doubled.class).total(10)).isEqualTo(20);
        assertThat(loading.fixtures(Base.class).total(10)).isEqualTo(10);
        assertThat(CALLS).hasValue(3);
        assertThat(loading.statistics().loaded()).isEqualTo(3);
    }

    @Test
    void varargsFixturesAndHelpersWorkCachedAndPlain() {
        assertThat(lab().fixtures(Varargs.class).plain(1, 2)).isEqualTo(3);
        assertThat(lab().fixtures(Varargs.class).glue("a", "b")).isEqualTo("a+b");

        assertThat(computeThenLoad(Varargs.class, fixtures -> fixtures.sum(1, 2, 3))).containsExactly(6, 6);
        assertThat(computeThenLoad(Varargs.class, fixtures -> fixtures.sum())).containsExactly(0, 0);
        assertThat(computeThenLoad(Varargs.class, fixtures -> fixtures.joined("x", "a", "b"))).containsExactly("x:a+b", "x:a+b");
        assertThat(computeThenLoad(Varargs.class, fixtures -> fixtures.doubledThroughAHelper(4))).containsExactly(8, 8);
        assertThat(CALLS).as("each computed once, then loaded").hasValue(4);
        assertThat(lab().fixtures(Varargs.class).sum(1, 2)).as("other arguments, another entry").isEqualTo(3);
    }

    /** Values JSON cannot type: each must come back exactly, so JsonCache refuses them and they are recomputed. */
    static List<Object> payloadsJsonCannotType() {
        return List.of(5L, 1.5f, 'c', UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), LocalDate.of(2026, 1, 2),
                Instant.parse("2026-01-02T03:04:05Z"), new int[] {1, 2}, new TreeSet<>(Set.of("b", "a")));
    }

    @Test
    void jsonCacheNeverLoadsAValueOfAnotherTypeFromAnObjectField() {
        for (Object value : payloadsJsonCannotType()) {
            payload = value;
            for (Box box : computeThenLoad(Typed.class, fixtures -> fixtures.box("n"))) {
                assertThat(box.payload()).as("payload %s", describe(value)).isExactlyInstanceOf(value.getClass());
                assertThat(Objects.deepEquals(box.payload(), value)).as("payload %s", describe(value)).isTrue();
            }
        }
    }

    @Test
    void jsonCacheNeverLoadsAValueOfAnotherTypeFromAMapOrListOfObjects() {
        for (Object value : payloadsJsonCannotType()) {
            payload = value;
            for (Map<String, Object> properties : computeThenLoad(Typed.class, fixtures -> fixtures.properties("n"))) {
                assertThat(properties.get("n")).as("value %s", describe(value)).isExactlyInstanceOf(value.getClass());
            }
            for (List<Object> items : computeThenLoad(Typed.class, fixtures -> fixtures.items("n"))) {
                assertThat(items.get(1)).as("item %s", describe(value)).isExactlyInstanceOf(value.getClass());
                assertThat(Objects.deepEquals(items.get(1), value)).isTrue();
            }
        }
        payload = 3L;
        for (Map<String, Number> counts : computeThenLoad(Typed.class, fixtures -> fixtures.counts("n"))) {
            assertThat(counts.get("n")).isExactlyInstanceOf(Long.class).isEqualTo(3L);
        }
    }

    @Test
    void jsonCacheRefusesALossyValueAtSaveTimeWithOneWarningNamingWhatChanged() {
        payload = 5L;
        try (LogRecorder log = new LogRecorder()) {
            lab().fixtures(Typed.class).box("n");

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not cache the result of Typed#box; the test gets the computed value. "
                            + "JsonCache cannot store the result of Typed#box faithfully")
                    .contains("stored …").contains("{\"@java.lang.Long\":5}")
                    .contains("but read back …").contains("{\"@java.lang.Integer\":5}")
                    .endsWith("Use @LabtechCached(cache = BinaryCache.class), the default, for this fixture.");
        }
        assertThat(lab().cachedResults()).isEmpty();
    }

    @Test
    void jsonCacheStoresAndLoadsObjectValuesJsonDoesType() {
        payload = new ArrayList<>(List.of("a", 7, true, 2.5, new LinkedHashMap<>(Map.of("k", "v"))));
        List<List<Object>> runs = computeThenLoad(Typed.class, fixtures -> fixtures.items("n"));

        assertThat(CALLS).as("stored once, then loaded").hasValue(1);
        for (List<Object> items : runs) {
            @SuppressWarnings("unchecked")
            List<Object> inner = (List<Object>) items.get(1);
            assertThat(inner).containsExactly("a", 7, true, 2.5, Map.of("k", "v"));
            assertThat(inner).extracting(Object::getClass).extracting(Class::getSimpleName)
                    .startsWith("String", "Integer", "Boolean", "Double");
        }
    }

    @Test
    void refreshRemovesTheEarlierEntryWhenItsReplacementIsRefused() {
        payload = "computed by the old code";
        lab().fixtures(Typed.class).box("n");
        payload = 5L; // JsonCache refuses a Long in an Object field

        lab(Mode.REFRESH).fixtures(Typed.class).box("n");
        payload = "computed by the new code";
        Box box = lab().fixtures(Typed.class).box("n");

        assertThat(box.payload()).isEqualTo("computed by the new code");
        assertThat(CALLS).hasValue(3);
    }

    /** Closes the stream it is read from, as Apache OpenNLP's models do. */
    static final class ClosingModel implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        transient byte[] weights;

        ClosingModel(String name, byte[] weights) {
            this.name = name;
            this.weights = weights;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeInt(weights.length);
            out.write(weights);
            out.close();
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            weights = new byte[in.readInt()];
            in.readFully(weights);
            in.close();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ClosingModel model && model.name.equals(name) && Arrays.equals(model.weights, weights);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /**
     * A class whose own reading code fails on what an earlier version of it wrote (as after a
     * library upgrade): not a damaged entry. It reads what it writes until {@link #UPGRADED}.
     */
    static final class UnreadableModel implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean UPGRADED;
        final String name;

        UnreadableModel(String name) {
            this.name = name;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            if (UPGRADED) {
                throw new IOException("model format 3 is not supported by this version");
            }
            in.defaultReadObject();
        }
    }

    interface Models {
        @LabtechCached(cache = JavaSerializationCache.class)
        default ArrayList<ClosingModel> models(int count) {
            CALLS.incrementAndGet();
            ArrayList<ClosingModel> models = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                models.add(new ClosingModel("m" + i, new byte[] {(byte) i, 2, 3}));
            }
            return models;
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default UnreadableModel unreadable(String name) {
            CALLS.incrementAndGet();
            return new UnreadableModel(name);
        }

        @LabtechCached(cache = TaggerCache.class)
        default Tagger tagger(String corpus) {
            CALLS.incrementAndGet();
            return new Tagger(corpus, Map.of("the", "DET", corpus, "NOUN"));
        }
    }

    @Test
    void javaSerializationLoadsModelsThatCloseTheirStream() {
        try (LogRecorder log = new LogRecorder()) {
            List<ArrayList<ClosingModel>> runs = computeThenLoad(Models.class, models -> models.models(3));

            assertThat(runs.get(1)).isEqualTo(runs.get(0)).hasSize(3);
            assertThat(CALLS).hasValue(1);
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void aClassWhoseOwnReadingCodeFailsIsNamedNotCalledDamaged() {
        UnreadableModel.UPGRADED = false;
        lab().fixtures(Models.class).unreadable("m");
        UnreadableModel.UPGRADED = true;
        try (LogRecorder log = new LogRecorder()) {
            assertThat(lab().fixtures(Models.class).unreadable("m").name).isEqualTo("m");

            // Computed again, what it writes now is refused at save too: it would not load either.
            assertThat(log.warnings()).hasSize(2);
            assertThat(log.warnings().get(1)).contains("JavaSerializationCache cannot store the result of Models#unreadable: "
                    + "reading back what it wrote failed (java.io.IOException: model format 3");
            assertThat(log.warnings().get(0))
                    .isEqualTo("[labtech] could not load the stored result of Models#unreadable: "
                            + UnreadableModel.class.getName() + ".readObject failed while reading it "
                            + "(java.io.IOException: model format 3 is not supported by this version). That is the "
                            + "class's own code, not a damaged entry: Models#unreadable will be computed again on every "
                            + "run until the class can read what it wrote.");
            assertThat(lab().cachedResults()).as("the entry it could not read is gone, not left damaged").isEmpty();
        } finally {
            UnreadableModel.UPGRADED = false;
        }
        assertThat(CALLS).hasValue(2);
    }

    /** A result with its own stream format, like an ML model: writes itself, reads itself, closes the stream. */
    static final class Tagger {
        final String corpus;
        final Map<String, String> tags;

        Tagger(String corpus, Map<String, String> tags) {
            this.corpus = corpus;
            this.tags = tags;
        }

        Tagger(InputStream in) throws IOException {
            try (DataInputStream data = new DataInputStream(in)) {
                corpus = data.readUTF();
                Map<String, String> read = new LinkedHashMap<>();
                for (int i = data.readInt(); i > 0; i--) {
                    read.put(data.readUTF(), data.readUTF());
                }
                tags = read;
            }
        }

        void serialize(OutputStream out) throws IOException {
            try (DataOutputStream data = new DataOutputStream(out)) {
                data.writeUTF(corpus);
                data.writeInt(tags.size());
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    data.writeUTF(tag.getKey());
                    data.writeUTF(tag.getValue());
                }
            }
        }
    }

    public static final class TaggerCache extends StreamCache<Tagger> {
        public TaggerCache() {
            super(Tagger::serialize, Tagger::new);
        }
    }

    @Test
    void aStreamCacheStoresWhatAResultWritesAndLoadsWhatItReads() {
        try (LogRecorder log = new LogRecorder()) {
            List<Tagger> runs = computeThenLoad(Models.class, models -> models.tagger("news"));

            for (Tagger tagger : runs) {
                assertThat(tagger.corpus).isEqualTo("news");
                assertThat(tagger.tags).isEqualTo(Map.of("the", "DET", "news", "NOUN"));
            }
            assertThat(CALLS).hasValue(1);
            assertThat(log.warnings()).isEmpty();
        }
        assertThat(lab().cachedResults()).singleElement()
                .satisfies(entry -> assertThat(entry.key()).startsWith("stream__Models-tagger__"));
        assertThat(directory.toFile().list((dir, name) -> name.startsWith("stream__"))).hasSize(1);
    }
}
