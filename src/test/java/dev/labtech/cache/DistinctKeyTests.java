package dev.labtech.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.Lab;
import dev.labtech.SerializerException;
import dev.labtech.Task;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments that differ get different keys, even where their text or their JDK part looks alike. */
class DistinctKeyTests {

    private final BinaryCache cache = new BinaryCache();

    /** A list with a field of its own. */
    static class TaggedList extends ArrayList<String> {
        private static final long serialVersionUID = 1L;
        String tag;

        TaggedList() {
        }

        TaggedList(String tag, List<String> elements) {
            super(elements);
            this.tag = tag;
        }
    }

    /** A map with a field of its own. */
    static class Weights extends HashMap<String, Integer> {
        private static final long serialVersionUID = 1L;
        int scale;

        Weights() {
        }

        Weights(int scale, Map<String, Integer> entries) {
            super(entries);
            this.scale = scale;
        }
    }

    /** A list subclass without fields of its own: a list like any other. */
    static class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names(List<String> names) {
            super(names);
        }
    }

    static class Stamp extends Date {
        private static final long serialVersionUID = 1L;

        Stamp(long time) {
            super(time);
        }
    }

    static final AtomicInteger COMPUTED = new AtomicInteger();

    interface Keyed {
        @LabtechCached
        default String text(String value) {
            COMPUTED.incrementAndGet();
            return "text " + value.codePoints().boxed().toList();
        }

        @LabtechCached
        default String character(char value) {
            COMPUTED.incrementAndGet();
            return "char " + (int) value;
        }

        @LabtechCached
        default String list(List<String> values) {
            COMPUTED.incrementAndGet();
            return "list " + values + (values instanceof TaggedList tagged ? " " + tagged.tag : "");
        }

        default String anything(Object value) {
            return "";
        }

        default String strings(Set<String> values) {
            return "";
        }

        default String map(Map<String, Integer> values) {
            return "";
        }
    }

    private String key(String method, Object... arguments) {
        Method fixture = Arrays.stream(Keyed.class.getMethods()).filter(m -> m.getName().equals(method))
                .findFirst().orElseThrow();
        return cache.cacheKey(new Task(Keyed.class, fixture, arguments, "")).value();
    }

    @Test
    void loneSurrogatesAndTheCharacterUtf8ReplacesThemWithAreDifferentKeys() {
        List<String> texts = List.of("?", "\uD800", "\uDBFF", "\uDC00", "a\uD800b", "a?b", "\\uD800", "\uD83D\uDE00",
                "\uDE00\uD83D");
        Set<String> keys = new HashSet<>();
        texts.forEach(text -> keys.add(key("text", text)));
        texts.forEach(text -> keys.add(key("anything", text)));
        keys.add(key("character", '?'));
        keys.add(key("character", '\uD800'));
        keys.add(key("character", '\uDBFF'));

        assertThat(keys).hasSize(texts.size() * 2 + 3);
        assertThat(key("strings", Set.of("\uD800", "x"))).isNotEqualTo(key("strings", Set.of("\uDBFF", "x")));
    }

    @Test
    void aCollectionOrMapWithFieldsOfItsOwnIsKeyedByThemToo() {
        assertThat(key("list", new TaggedList("red", List.of("x"))))
                .isNotEqualTo(key("list", new TaggedList("blue", List.of("x"))))
                .isNotEqualTo(key("list", List.of("x")))
                .isEqualTo(key("list", new TaggedList("red", List.of("x"))));
        assertThat(key("list", new TaggedList("red", List.of("x")))).isNotEqualTo(key("list", new TaggedList("red", List.of("y"))));
        assertThat(key("anything", new Weights(2, Map.of("a", 1)))).isNotEqualTo(key("anything", new Weights(3, Map.of("a", 1))))
                .isNotEqualTo(key("anything", Map.of("a", 1)));
        assertThat(key("map", new Weights(2, Map.of("a", 1, "b", 2))))
                .as("map order still does not count").isEqualTo(key("map", new Weights(2, new java.util.TreeMap<>(Map.of("b", 2, "a", 1)))));
        assertThat(key("list", new Names(List.of("x")))).as("no fields of its own: a list")
                .isEqualTo(key("list", List.of("x")));
    }

    @Test
    void aSubclassOfAJdkValueTypeIsRefusedRatherThanKeyedAsEmpty() {
        assertThatThrownBy(() -> key("anything", new Stamp(1))).isInstanceOf(SerializerException.class)
                .hasMessageContaining(Stamp.class.getName()).hasMessageContaining("extends the JDK class java.util.Date");
    }

    @Test
    void eachOfThemIsAnEntryOfItsOwnAcrossTwoLabs(@TempDir Path directory) {
        COMPUTED.set(0);
        Keyed first = new Lab(new LocalStorage(directory)).fixtures(Keyed.class);
        List<String> computed = List.of(first.text("\uD800"), first.text("\uDBFF"), first.text("?"),
                first.character('\uD800'), first.character('?'),
                first.list(new TaggedList("red", List.of("x"))), first.list(new TaggedList("blue", List.of("x"))));
        assertThat(COMPUTED).hasValue(7);

        Keyed second = new Lab(new LocalStorage(directory)).fixtures(Keyed.class);
        List<String> loaded = List.of(second.text("\uD800"), second.text("\uDBFF"), second.text("?"),
                second.character('\uD800'), second.character('?'),
                second.list(new TaggedList("red", List.of("x"))), second.list(new TaggedList("blue", List.of("x"))));

        assertThat(COMPUTED).as("all loaded").hasValue(7);
        assertThat(loaded).isEqualTo(computed).doesNotHaveDuplicates();
        assertThat(loaded.get(0)).isEqualTo("text [55296]");
        assertThat(loaded.get(6)).isEqualTo("list [x] blue");
    }
}
