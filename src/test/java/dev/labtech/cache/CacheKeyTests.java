package dev.labtech.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.SerializerException;
import dev.labtech.Task;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CacheKeyTests {

    private final JsonCache cache = new JsonCache();

    record Point(int x, int y) {
    }

    static class Node {
        String name;
        Node next;

        Node(String name) {
            this.name = name;
        }
    }

    interface Fixtures {
        default String byName(String name) {
            return name;
        }

        default Integer byNameBoxed(String name) {
            return 1;
        }

        default String anything(Object value) {
            return "";
        }

        default String byMap(Map<String, Object> map) {
            return "";
        }

        default String byPoints(List<Point> points) {
            return "";
        }
    }

    private static Method method(String name, Class<?>... parameters) throws NoSuchMethodException {
        return Fixtures.class.getMethod(name, parameters);
    }

    private String key(String method, Class<?> parameter, Object argument, String version) throws Exception {
        return cache.cacheKey(new Task(method(method, parameter), new Object[] {argument}, version)).value();
    }

    @Test
    void aKeyNamesTheFixtureAndHashesTheCall() throws Exception {
        assertThat(key("byName", String.class, "iris", "")).matches("json__Fixtures-byName__[0-9a-f]{40}");
    }

    @Test
    void theKeyIsStableAcrossJvmsAndMachines() throws Exception {
        Task task = new Task(method("byName", String.class), new Object[] {"iris"}, "");

        String keyText = "{\"arguments_sha1\":\"ab2c8701969c1ab4535dc21c6c385f226e835ba9\","
                + "\"fixture\":\"dev.labtech.cache.CacheKeyTests$Fixtures\",\"method\":\"byName\","
                + "\"parameter_types\":[\"java.lang.String\"],\"return_type\":\"java.lang.String\",\"version\":\"\"}";
        Serializer.Canonical canonical = new Serializer().canonical(task);

        assertThat(canonical.keyText()).as("the arguments by the SHA-1 of [\"iris\"]").isEqualTo(keyText);
        assertThat(canonical.taskJson()).isEqualTo("{\"arguments\":[\"iris\"]," + keyText.substring(1));
        assertThat(cache.cacheKey(task).value()).isEqualTo("json__Fixtures-byName__cef5230f1402fad6ec5f88263e0bee5ff5f54e1f");
    }

    @Test
    void argumentsVersionAndReturnTypeEachChangeTheKey() throws Exception {
        String base = key("byName", String.class, "iris", "");

        assertThat(key("byName", String.class, "iris", "")).isEqualTo(base);
        assertThat(key("byName", String.class, "wine", "")).isNotEqualTo(base);
        assertThat(key("byName", String.class, "iris", "2")).isNotEqualTo(base);
        assertThat(key("byNameBoxed", String.class, "iris", "")
                .replace("byNameBoxed", "byName")).isNotEqualTo(base);
    }

    @Test
    void mapOrderAndSetOrderDoNotChangeTheKey() throws Exception {
        Map<String, Object> hash = new HashMap<>();
        Map<String, Object> tree = new TreeMap<>();
        for (int i = 0; i < 50; i++) {
            hash.put("k" + i, Set.of("b" + i, "a" + i));
            tree.put("k" + (49 - i), new LinkedHashSet<>(List.of("a" + (49 - i), "b" + (49 - i))));
        }

        assertThat(key("byMap", Map.class, hash, "")).isEqualTo(key("byMap", Map.class, tree, ""));
    }

    @Test
    void recordsAndObjectsAreKeyedByValue() throws Exception {
        assertThat(key("byPoints", List.class, List.of(new Point(1, 2)), ""))
                .isEqualTo(key("byPoints", List.class, new ArrayList<>(List.of(new Point(1, 2))), ""))
                .isNotEqualTo(key("byPoints", List.class, List.of(new Point(2, 1)), ""));
        assertThat(key("anything", Object.class, new Node("a"), ""))
                .isEqualTo(key("anything", Object.class, new Node("a"), ""))
                .isNotEqualTo(key("anything", Object.class, new Node("b"), ""));
    }

    @Test
    void aLambdaIsRefusedNamingFixtureParameterAndType() {
        Supplier<String> lambda = () -> "x";

        assertThatThrownBy(() -> key("anything", Object.class, lambda, ""))
                .isInstanceOf(SerializerException.class)
                .hasMessageStartingWith("Cannot build a cache key for Fixtures#anything: parameter 0 'value' of type "
                        + "java.lang.Object holds a dev.labtech.cache.CacheKeyTests$$Lambda")
                .hasMessageContaining("it is a lambda, proxy or other generated class");
    }

    @Test
    void aThreadIsRefused() {
        assertThatThrownBy(() -> key("anything", Object.class, new Thread(), ""))
                .isInstanceOf(SerializerException.class)
                .hasMessageStartingWith("Cannot build a cache key for Fixtures#anything: parameter 0 'value' of type "
                        + "java.lang.Object holds a java.lang.Thread, and it is a JDK type that is not a plain value");
    }

    @Test
    void aCycleIsRefusedWithItsPath() {
        Node first = new Node("first");
        first.next = new Node("second");
        first.next.next = first;

        assertThatThrownBy(() -> key("anything", Object.class, first, ""))
                .isInstanceOf(SerializerException.class)
                .hasMessageContaining("holds a dev.labtech.cache.CacheKeyTests$Node at value.next.next, "
                        + "and it contains a cycle");
    }

    @Test
    void mapsWithRecordKeysAreKeyedByValue() throws Exception {
        Map<Object, Object> map = new HashMap<>();
        map.put(new Point(1, 2), "a");
        Map<Object, Object> equal = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        equal.put(new Point(1, 2), "a");
        Map<Object, Object> other = Map.of(new Point(2, 1), "a");

        assertThat(key("anything", Object.class, map, ""))
                .isEqualTo(key("anything", Object.class, equal, ""))
                .isNotEqualTo(key("anything", Object.class, other, ""));
    }

    @Test
    void aStoredCallCanBeReadBack() throws Exception {
        Serializer serializer = new Serializer();
        Task task = new Task(method("byPoints", List.class), new Object[] {List.of(new Point(3, 4))}, "7");

        Task back = serializer.deserializeTask(serializer.serializeTask(task), getClass().getClassLoader());

        assertThat(back).isEqualTo(task);
    }
}
