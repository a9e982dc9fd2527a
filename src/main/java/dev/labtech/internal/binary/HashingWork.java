package dev.labtech.internal.binary;

import dev.labtech.internal.DeclaredTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds the work that hashing a value read from a file can take. {@code hashCode} of a list, set,
 * map, record or a class that defines its own walks everything the value holds, once per path to it:
 * a chain of 40 lists each holding the next twice is 297 bytes on disk and 2^40 steps to hash. Each
 * value's <em>structural size</em> — the number of steps such a walk takes, shared parts counted
 * once per path — is computed in time linear in the graph (each part's size is kept once it is
 * large), and a value larger than the budget is refused before anything hashes it.
 *
 * <p>Parts a walk does not enter count one: strings, numbers, enums, arrays (hashed by identity),
 * classes that keep {@code Object.hashCode}. A part met again on the current path (a cycle) counts
 * one: its own hashing would not end, which is the class's affair.
 */
final class HashingWork {

    /** Sizes at or below this are recomputed where met rather than kept: most parts of a graph are small. */
    private static final long KEPT_ABOVE = 64;

    private static final ClassValue<Field[]> STRUCTURAL_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            java.util.List<Field> fields = new java.util.ArrayList<>();
            for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
                for (Field field : current.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                        try {
                            field.setAccessible(true);
                            fields.add(field);
                        } catch (RuntimeException e) {
                            // a field closed to reflection: its part is not counted
                        }
                    }
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    private static final ClassValue<Boolean> DEFINES_HASH_CODE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
                try {
                    Method method = current.getDeclaredMethod("hashCode");
                    if (!Modifier.isStatic(method.getModifiers())) {
                        return true;
                    }
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
            return false;
        }
    };

    /**
     * For a class whose every structural field is declared as a type a walk does not enter (a
     * string, a box, an enum): the size of each of its objects, known from the class alone
     * (itself and one part per field, a null counting one too); 0 for any other class.
     */
    private static final ClassValue<Long> FLAT_SIZE = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            Field[] fields = STRUCTURAL_FIELDS.get(type);
            for (Field field : fields) {
                Class<?> declared = field.getType();
                boolean leaf = declared == String.class || declared.isEnum() || declared == Integer.class
                        || declared == Long.class || declared == Double.class || declared == Float.class
                        || declared == Short.class || declared == Byte.class || declared == Character.class
                        || declared == Boolean.class;
                if (!leaf) {
                    return 0L;
                }
            }
            return 1L + fields.length;
        }
    };

    private final long budget;
    private final IdentityHashMap<Object, Long> kept = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();

    /** @param fileBytes the size of the file the value is read from, {@code < 0} if unknown */
    HashingWork(long fileBytes) {
        this.budget = fileBytes < 0 ? Long.MAX_VALUE / 2 : Math.max(1L << 20, Math.min(fileBytes, Long.MAX_VALUE / 128) * 64);
    }

    /**
     * Checks {@code values}, about to be hashed by a container (or just read, for formats that
     * hash as they read), against the budget.
     *
     * @throws IllegalStateException naming the class of the value whose hashing would exceed it
     */
    void check(Object... values) {
        for (Object value : values) {
            if (sizeOf(value) > budget) {
                throw new IllegalStateException("a " + value.getClass().getName() + " whose hashing walks more than "
                        + budget + " parts (shared parts nested so that a walk meets them once per path)");
            }
        }
    }

    private long sizeOf(Object value) {
        if (value == null || isLeaf(value)) {
            return 1;
        }
        if (!(value instanceof Collection<?>) && !(value instanceof Map<?, ?>) && !(value instanceof Map.Entry<?, ?>)
                && !(value instanceof Optional<?>)) {
            long flat = FLAT_SIZE.get(value.getClass());
            if (flat > 0) {
                return flat;
            }
        }
        Long known = kept.get(value);
        if (known != null) {
            return known;
        }
        if (onPath.put(value, Boolean.TRUE) != null) {
            return 1;
        }
        long size = 1;
        try {
            if (value instanceof Collection<?> collection) {
                for (Object element : collection) {
                    size = add(size, sizeOf(element));
                    if (size > budget) {
                        break;
                    }
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size = add(add(size, sizeOf(entry.getKey())), sizeOf(entry.getValue()));
                    if (size > budget) {
                        break;
                    }
                }
            } else if (value instanceof Map.Entry<?, ?> entry) {
                size = add(add(size, sizeOf(entry.getKey())), sizeOf(entry.getValue()));
            } else if (value instanceof Optional<?> optional) {
                size = add(size, sizeOf(optional.orElse(null)));
            } else {
                for (Field field : STRUCTURAL_FIELDS.get(value.getClass())) {
                    Object part;
                    try {
                        part = field.get(value);
                    } catch (IllegalAccessException e) {
                        continue;
                    }
                    size = add(size, sizeOf(part));
                    if (size > budget) {
                        break;
                    }
                }
            }
        } finally {
            onPath.remove(value);
        }
        if (size > KEPT_ABOVE) {
            kept.put(value, size);
        }
        return size;
    }

    /** Whether hashing {@code value} does not walk into other objects (as far as a file can make it). */
    private static boolean isLeaf(Object value) {
        if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Map.Entry<?, ?>
                || value instanceof Optional<?>) {
            return false;
        }
        Class<?> type = value.getClass();
        if (type.isArray() || DeclaredTypes.isPlatform(type)) {
            return true;
        }
        return !type.isRecord() && !DEFINES_HASH_CODE.get(type);
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE / 2 : sum;
    }
}
