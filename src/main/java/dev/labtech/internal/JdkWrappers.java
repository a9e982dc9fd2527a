package dev.labtech.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeUtil;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Kryo serializers for the views {@link Collections} makes ({@code unmodifiableList},
 * {@code synchronizedMap}, ...): their fields are closed to reflection since Java 17, so each is
 * written as the collection or map it wraps — read through {@code Unsafe}, as Kryo's own unsafe
 * streams do — and wrapped again with the same factory, which gives the same class back. The
 * wrapped collection is written as any other object of the graph: a list the result holds both
 * itself and through a view stays one list, and a {@code TreeSet}'s comparator stays with it. A
 * synchronized view that locks on another object than itself is refused. The JDK's singleton
 * comparators come back as the singletons.
 */
public final class JdkWrappers {

    private static final String COLLECTIONS = "java.util.Collections$";

    private static final long UNMODIFIABLE = offset("UnmodifiableCollection", "c");
    private static final long UNMODIFIABLE_MAP = offset("UnmodifiableMap", "m");
    private static final long SYNCHRONIZED = offset("SynchronizedCollection", "c");
    private static final long SYNCHRONIZED_MAP = offset("SynchronizedMap", "m");

    private JdkWrappers() {
    }

    /**
     * The collection or map an unmodifiable or synchronized view of {@link Collections} wraps, or
     * {@code null} if {@code value} is no such view (or this JDK does not let labtech read it).
     */
    public static Object wrapped(Object value) {
        String name = value.getClass().getName();
        if (!name.startsWith(COLLECTIONS) || UnsafeUtil.unsafe == null) {
            return null;
        }
        boolean unmodifiable = name.startsWith(COLLECTIONS + "Unmodifiable");
        if (!unmodifiable && !name.startsWith(COLLECTIONS + "Synchronized")) {
            return null;
        }
        long field = value instanceof Map<?, ?> ? (unmodifiable ? UNMODIFIABLE_MAP : SYNCHRONIZED_MAP)
                : value instanceof Collection<?> ? (unmodifiable ? UNMODIFIABLE : SYNCHRONIZED) : -1;
        return field < 0 ? null : UnsafeUtil.unsafe.getObject(value, field);
    }

    /** Whether {@code value} is a synchronized view of {@link Collections}. */
    public static boolean isSynchronizedView(Object value) {
        return value.getClass().getName().startsWith(COLLECTIONS + "Synchronized");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void addDefaultSerializers(Kryo kryo) {
        long unmodifiable = UNMODIFIABLE;
        long unmodifiableMap = UNMODIFIABLE_MAP;
        long synchronizedCollection = SYNCHRONIZED;
        long synchronizedCollectionLock = offset("SynchronizedCollection", "mutex");
        long synchronizedMap = SYNCHRONIZED_MAP;
        long synchronizedMapLock = offset("SynchronizedMap", "mutex");

        view(kryo, "UnmodifiableCollection", unmodifiable, -1, backing -> Collections.unmodifiableCollection((Collection) backing));
        view(kryo, "UnmodifiableRandomAccessList", unmodifiable, -1, backing -> Collections.unmodifiableList((List) backing));
        view(kryo, "UnmodifiableList", unmodifiable, -1, backing -> Collections.unmodifiableList((List) backing));
        view(kryo, "UnmodifiableSet", unmodifiable, -1, backing -> Collections.unmodifiableSet((Set) backing));
        view(kryo, "UnmodifiableSortedSet", unmodifiable, -1, backing -> Collections.unmodifiableSortedSet((SortedSet) backing));
        view(kryo, "UnmodifiableNavigableSet", unmodifiable, -1,
                backing -> Collections.unmodifiableNavigableSet((NavigableSet) backing));
        view(kryo, "SynchronizedCollection", synchronizedCollection, synchronizedCollectionLock,
                backing -> Collections.synchronizedCollection((Collection) backing));
        view(kryo, "SynchronizedRandomAccessList", synchronizedCollection, synchronizedCollectionLock,
                backing -> Collections.synchronizedList((List) backing));
        view(kryo, "SynchronizedList", synchronizedCollection, synchronizedCollectionLock,
                backing -> Collections.synchronizedList((List) backing));
        view(kryo, "SynchronizedSet", synchronizedCollection, synchronizedCollectionLock,
                backing -> Collections.synchronizedSet((Set) backing));
        view(kryo, "SynchronizedSortedSet", synchronizedCollection, synchronizedCollectionLock,
                backing -> Collections.synchronizedSortedSet((SortedSet) backing));
        view(kryo, "SynchronizedNavigableSet", synchronizedCollection, synchronizedCollectionLock,
                backing -> Collections.synchronizedNavigableSet((NavigableSet) backing));
        view(kryo, "UnmodifiableMap", unmodifiableMap, -1, backing -> Collections.unmodifiableMap((Map) backing));
        view(kryo, "UnmodifiableSortedMap", unmodifiableMap, -1, backing -> Collections.unmodifiableSortedMap((SortedMap) backing));
        view(kryo, "UnmodifiableNavigableMap", unmodifiableMap, -1,
                backing -> Collections.unmodifiableNavigableMap((NavigableMap) backing));
        view(kryo, "SynchronizedMap", synchronizedMap, synchronizedMapLock, backing -> Collections.synchronizedMap((Map) backing));
        view(kryo, "SynchronizedSortedMap", synchronizedMap, synchronizedMapLock,
                backing -> Collections.synchronizedSortedMap((SortedMap) backing));
        view(kryo, "SynchronizedNavigableMap", synchronizedMap, synchronizedMapLock,
                backing -> Collections.synchronizedNavigableMap((NavigableMap) backing));
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

    /**
     * A view written as what it wraps (the field at {@code backing}) and made again by
     * {@code wrap}; a synchronized one (its lock at {@code lock}) only while it locks on itself.
     */
    private static void view(Kryo kryo, String name, long backing, long lock, Function<Object, Object> wrap) {
        add(kryo, name, new Serializer<Object>(false, true) {
            @Override
            public void write(Kryo kryo, Output output, Object view) {
                if (backing < 0 || UnsafeUtil.unsafe == null) {
                    throw new KryoException("a " + view.getClass().getName() + ", whose wrapped collection this JDK does "
                            + "not let labtech read");
                }
                if (lock >= 0 && UnsafeUtil.unsafe.getObject(view, lock) != view) {
                    throw new KryoException("a " + view.getClass().getName() + " that locks on another object, which "
                            + "could not be made again; return the collection it wraps");
                }
                kryo.writeClassAndObject(output, UnsafeUtil.unsafe.getObject(view, backing));
            }

            @Override
            public Object read(Kryo kryo, Input input, Class<?> type) {
                Object wrapped = kryo.readClassAndObject(input);
                try {
                    return wrap.apply(wrapped);
                } catch (ClassCastException | NullPointerException e) {
                    throw new KryoException("a " + type.getName() + " around a "
                            + (wrapped == null ? "null" : wrapped.getClass().getName()) + ", which it cannot wrap");
                }
            }
        });
    }

    private static long offset(String view, String field) {
        try {
            return UnsafeUtil.unsafe.objectFieldOffset(Class.forName(COLLECTIONS + view).getDeclaredField(field));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static void add(Kryo kryo, String name, Serializer<?> serializer) {
        try {
            kryo.addDefaultSerializer(Class.forName(COLLECTIONS + name), serializer);
        } catch (ClassNotFoundException e) {
            throw new KryoException("This JDK has no " + COLLECTIONS + name, e);
        }
    }
}
