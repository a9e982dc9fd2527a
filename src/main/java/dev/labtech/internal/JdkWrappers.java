package dev.labtech.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Kryo serializers for the views {@link Collections} makes ({@code unmodifiableList},
 * {@code synchronizedMap}, ...): their fields are closed to reflection since Java 17, so they are
 * written as their contents (and comparator) and rebuilt with the same factory, which gives the
 * same class back; and for the JDK's singleton comparators, which come back as the singletons.
 */
final class JdkWrappers {

    private JdkWrappers() {
    }

    static void addDefaultSerializers(Kryo kryo) {
        collection(kryo, "UnmodifiableCollection", elements -> Collections.unmodifiableCollection(new ArrayList<>(elements)));
        collection(kryo, "UnmodifiableRandomAccessList", elements -> Collections.unmodifiableList(new ArrayList<>(elements)));
        collection(kryo, "UnmodifiableList", elements -> Collections.unmodifiableList(new LinkedList<>(elements)));
        collection(kryo, "UnmodifiableSet", elements -> Collections.unmodifiableSet(new LinkedHashSet<>(elements)));
        sorted(kryo, "UnmodifiableSortedSet", Collections::unmodifiableSortedSet);
        sorted(kryo, "UnmodifiableNavigableSet", Collections::unmodifiableNavigableSet);
        collection(kryo, "SynchronizedCollection", elements -> Collections.synchronizedCollection(new ArrayList<>(elements)));
        collection(kryo, "SynchronizedRandomAccessList", elements -> Collections.synchronizedList(new ArrayList<>(elements)));
        collection(kryo, "SynchronizedList", elements -> Collections.synchronizedList(new LinkedList<>(elements)));
        collection(kryo, "SynchronizedSet", elements -> Collections.synchronizedSet(new LinkedHashSet<>(elements)));
        sorted(kryo, "SynchronizedSortedSet", Collections::synchronizedSortedSet);
        sorted(kryo, "SynchronizedNavigableSet", Collections::synchronizedNavigableSet);
        map(kryo, "UnmodifiableMap", Collections::unmodifiableMap);
        sortedMap(kryo, "UnmodifiableSortedMap", Collections::unmodifiableSortedMap);
        sortedMap(kryo, "UnmodifiableNavigableMap", Collections::unmodifiableNavigableMap);
        map(kryo, "SynchronizedMap", Collections::synchronizedMap);
        sortedMap(kryo, "SynchronizedSortedMap", Collections::synchronizedSortedMap);
        sortedMap(kryo, "SynchronizedNavigableMap", Collections::synchronizedNavigableMap);
        singleton(kryo, String.CASE_INSENSITIVE_ORDER);
        singleton(kryo, Collections.reverseOrder());
    }

    /** A JDK singleton (that Java serialization restores with {@code readResolve}) stays the singleton. */
    private static <T> void singleton(Kryo kryo, T instance) {
        kryo.addDefaultSerializer(instance.getClass(), new Serializer<T>(false, true) {
            @Override
            public void write(Kryo kryo, Output output, T object) {
                // the class says it all
            }

            @Override
            public T read(Kryo kryo, Input input, Class<? extends T> type) {
                return instance;
            }
        });
    }

    private static void collection(Kryo kryo, String name, Function<List<Object>, Collection<?>> rebuild) {
        add(kryo, name, new Serializer<Collection<?>>(false, true) {
            @Override
            public void write(Kryo kryo, Output output, Collection<?> collection) {
                writeElements(kryo, output, collection);
            }

            @Override
            public Collection<?> read(Kryo kryo, Input input, Class<? extends Collection<?>> type) {
                return rebuild.apply(readElements(kryo, input));
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sorted(Kryo kryo, String name, Function<TreeSet, Collection<?>> wrap) {
        add(kryo, name, new Serializer<SortedSet<?>>(false, true) {
            @Override
            public void write(Kryo kryo, Output output, SortedSet<?> set) {
                kryo.writeClassAndObject(output, set.comparator());
                writeElements(kryo, output, set);
            }

            @Override
            public SortedSet<?> read(Kryo kryo, Input input, Class<? extends SortedSet<?>> type) {
                TreeSet inner = new TreeSet((Comparator) kryo.readClassAndObject(input));
                inner.addAll(readElements(kryo, input));
                return (SortedSet<?>) wrap.apply(inner);
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void map(Kryo kryo, String name, Function<Map, Map<?, ?>> wrap) {
        add(kryo, name, new Serializer<Map<?, ?>>(false, true) {
            @Override
            public void write(Kryo kryo, Output output, Map<?, ?> map) {
                kryo.writeClassAndObject(output, new LinkedHashMap<>(map));
            }

            @Override
            public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
                return wrap.apply((Map) kryo.readClassAndObject(input));
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sortedMap(Kryo kryo, String name, Function<TreeMap, Map<?, ?>> wrap) {
        add(kryo, name, new Serializer<SortedMap<?, ?>>(false, true) {
            @Override
            public void write(Kryo kryo, Output output, SortedMap<?, ?> map) {
                TreeMap copy = new TreeMap(map.comparator());
                copy.putAll(map);
                kryo.writeClassAndObject(output, copy);
            }

            @Override
            public SortedMap<?, ?> read(Kryo kryo, Input input, Class<? extends SortedMap<?, ?>> type) {
                return (SortedMap<?, ?>) wrap.apply((TreeMap) kryo.readClassAndObject(input));
            }
        });
    }

    private static void writeElements(Kryo kryo, Output output, Collection<?> elements) {
        output.writeVarInt(elements.size(), true);
        for (Object element : elements) {
            kryo.writeClassAndObject(output, element);
        }
    }

    private static List<Object> readElements(Kryo kryo, Input input) {
        int size = input.readVarInt(true);
        List<Object> elements = new ArrayList<>(Math.min(size, 1024));
        for (int i = 0; i < size; i++) {
            elements.add(kryo.readClassAndObject(input));
        }
        return elements;
    }

    private static void add(Kryo kryo, String name, Serializer<?> serializer) {
        try {
            kryo.addDefaultSerializer(Class.forName("java.util.Collections$" + name), serializer);
        } catch (ClassNotFoundException e) {
            throw new KryoException("This JDK has no java.util.Collections$" + name, e);
        }
    }
}
