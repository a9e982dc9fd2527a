package dev.labtech.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.Task;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys are typed: equal values of different types differ, equal values of one type never do. */
class TypedKeyTests {

    private final JsonCache cache = new JsonCache();

    enum Color { RED }

    enum Alert { RED }

    interface Keyed {
        default String anything(Object value) {
            return "";
        }

        default String optional(Optional<String> value) {
            return "";
        }

        default <T> List<T> repeat(T value, int times) {
            return List.of();
        }

        default String numbers(Set<Integer> numbers) {
            return "";
        }

        default String real(double value) {
            return "";
        }

        default String single(float value) {
            return "";
        }

        default String boxed(Number value) {
            return "";
        }
    }

    private String key(String method, Object... arguments) {
        Method fixture = Arrays.stream(Keyed.class.getMethods()).filter(m -> m.getName().equals(method))
                .findFirst().orElseThrow();
        return cache.cacheKey(new Task(Keyed.class, fixture, arguments, "")).value();
    }

    static Stream<Arguments> valuesOfDifferentTypes() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        return Stream.of(
                Arguments.of("int and long", List.of(5, 5L)),
                Arguments.of("int, short, byte and BigInteger", List.of(5, (short) 5, (byte) 5, java.math.BigInteger.valueOf(5))),
                Arguments.of("char and string", List.of('a', "a")),
                Arguments.of("enums of two types and their name", List.of(Color.RED, Alert.RED, "RED")),
                Arguments.of("float and double", List.of(1.5f, 1.5d)),
                Arguments.of("NaN and its name", List.of(Double.NaN, "NaN", Float.NaN)),
                Arguments.of("UUID and its text", List.of(uuid, uuid.toString())),
                Arguments.of("Path and its text", List.of(Path.of("x"), "x", new java.io.File("x"))),
                Arguments.of("list, array, set", List.of(List.of(1), new int[] {1}, new Integer[] {1},
                        new long[] {1}, new TreeSet<>(Set.of(1)))),
                Arguments.of("optional and its value", List.of(Optional.of("x"), "x", List.of("x"))),
                Arguments.of("lists of int and of long", List.of(List.of(1, 2), List.of(1L, 2L))),
                Arguments.of("maps with int and with long keys", List.of(Map.of(1, "a"), Map.of(1L, "a"), Map.of("1", "a"))),
                Arguments.of("a map and a list of its pairs", List.of(Map.of("a", 1), List.of(List.of("a", 1)))),
                Arguments.of("zero and minus zero", List.of(0.0d, -0.0d)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesOfDifferentTypes")
    void valuesOfDifferentTypesPassedAsObjectGetDifferentKeys(String name, List<Object> values) {
        assertThat(values.stream().map(value -> key("anything", value)).distinct()).hasSize(values.size());
    }

    @Test
    void aNumberParameterKeepsTheTypeOfItsArgument() {
        assertThat(key("boxed", 5)).isNotEqualTo(key("boxed", 5L)).isNotEqualTo(key("boxed", 5.0));
    }

    @Test
    void anEmptyOptionalIsNotNull() {
        assertThat(key("optional", Optional.empty())).isNotEqualTo(key("optional", (Object) null));
        assertThat(key("optional", Optional.of("x"))).isNotEqualTo(key("optional", Optional.empty()));
    }

    @Test
    void aTypeVariableKeepsTheTypeOfItsArgument() {
        assertThat(key("repeat", 1, 2)).isNotEqualTo(key("repeat", 1L, 2));
        assertThat(key("repeat", "1", 2)).isNotEqualTo(key("repeat", 1, 2));
    }

    static Stream<Arguments> equalValues() {
        Set<Integer> hashed = new HashSet<>(List.of(10, 9));
        Set<Integer> sorted = new TreeSet<>(List.of(9, 10));
        Map<String, Integer> hashMap = new HashMap<>(Map.of("b", 2, "a", 1));
        Map<String, Integer> linked = new LinkedHashMap<>();
        linked.put("b", 2);
        linked.put("a", 1);
        return Stream.of(
                Arguments.of("HashSet and TreeSet", hashed, sorted),
                Arguments.of("Set.of and LinkedHashSet", Set.of(9, 10), new java.util.LinkedHashSet<>(List.of(10, 9))),
                Arguments.of("List.of, ArrayList", List.of(1, 2), new ArrayList<>(List.of(1, 2))),
                Arguments.of("ArrayList, LinkedList", new ArrayList<>(List.of(1, 2)), new LinkedList<>(List.of(1, 2))),
                Arguments.of("HashMap, LinkedHashMap", hashMap, linked),
                Arguments.of("Map.of, TreeMap", Map.of("a", 1, "b", 2), new TreeMap<>(hashMap)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("equalValues")
    void equalValuesOfOneTypeShareAKeyWhateverTheirImplementation(String name, Object first, Object second) {
        assertThat(key("anything", first)).isEqualTo(key("anything", second));
    }

    @Test
    void equalSetsShareAKeyAsADeclaredSetParameter() {
        assertThat(key("numbers", new HashSet<>(List.of(9, 10)))).isEqualTo(key("numbers", new TreeSet<>(List.of(9, 10))));
    }

    static Stream<Arguments> numberForms() {
        return Stream.of(
                Arguments.of(0.1, "0.1"),
                Arguments.of(2.0, "2"),
                Arguments.of(2e23, "2E+23"),                        // JDK 17: 1.9999999999999998E23
                Arguments.of(1.0 / 3, "0.3333333333333333"),
                Arguments.of(100.0, "1E+2"),
                Arguments.of(1e-7, "1E-7"),
                Arguments.of(2.0000000000000004, "2.0000000000000004"),
                Arguments.of(Double.MIN_VALUE, "5E-324"),             // every JDK: 4.9E-324
                Arguments.of(Double.MAX_VALUE, "1.7976931348623157E+308"),
                Arguments.of(-0.0, "-0.0"),
                Arguments.of(Double.NaN, "\"NaN\""),
                Arguments.of(Double.NEGATIVE_INFINITY, "\"-Infinity\""));
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @MethodSource("numberForms")
    void aDoubleIsWrittenTheSameOnEveryJdk(double value, String canonical) throws Exception {
        Task task = new Task(Keyed.class.getMethod("real", double.class), new Object[] {value}, "");

        assertThat(new Serializer().serializeTask(task)).startsWith("{\"arguments\":[" + canonical + "],");
    }

    @Test
    void aFloatIsWrittenAsTheShortestDecimalThatReadsBackAsIt() throws Exception {
        Method single = Keyed.class.getMethod("single", float.class);

        assertThat(new Serializer().serializeTask(new Task(single, new Object[] {0.1f}, ""))).startsWith("{\"arguments\":[0.1],");
        assertThat(new Serializer().serializeTask(new Task(single, new Object[] {1.0e10f}, ""))).startsWith("{\"arguments\":[1E+10],");
        assertThat(new Serializer().serializeTask(new Task(single, new Object[] {Float.MIN_VALUE}, ""))).startsWith("{\"arguments\":[1E-45],");
    }

    @Test
    void aTypedCallReadsBackAsTheSameCall() throws Exception {
        Serializer serializer = new Serializer();
        Method anything = Keyed.class.getMethod("anything", Object.class);
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1L, List.of('c', Optional.of(java.time.DayOfWeek.MONDAY)));
        map.put("k", new int[] {1, 2});
        Task task = new Task(Keyed.class, anything, new Object[] {map}, "3");

        Task back = serializer.deserializeTask(serializer.serializeTask(task), getClass().getClassLoader());

        @SuppressWarnings("unchecked")
        Map<Object, Object> value = (Map<Object, Object>) back.arguments().get(0);
        assertThat(value.keySet()).containsExactlyInAnyOrder(1L, "k");
        assertThat(value.get(1L)).isEqualTo(List.of('c', Optional.of(java.time.DayOfWeek.MONDAY)));
        // A class of the project that the declared type (Object) does not name is not read back by
        // a name from the file: its initialiser and constructor would run.
        Task project = new Task(Keyed.class, anything, new Object[] {List.of(Color.RED)}, "3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serializer.deserializeTask(serializer.serializeTask(project),
                getClass().getClassLoader())).hasMessageContaining("a " + Color.class.getName() + ", which is not among");
        assertThat(value.get("k")).isEqualTo(new int[] {1, 2});
        assertThat(serializer.serializeTask(back)).isEqualTo(serializer.serializeTask(task));
    }
}
