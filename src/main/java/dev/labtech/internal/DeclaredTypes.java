package dev.labtech.internal;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes a declared type names: the type itself, its generic type arguments, and, for each
 * of your classes among them, the declared types of its instance fields, followed recursively.
 * JDK classes are named but not followed.
 */
public final class DeclaredTypes {

    private DeclaredTypes() {
    }

    /** Your (non-JDK) classes reachable from {@code type}, in the order found. */
    public static Set<Class<?>> reachableFrom(Type type) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        Deque<Type> pending = new ArrayDeque<>();
        Set<Type> seen = new LinkedHashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Type next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof Class<?> clazz) {
                if (clazz.isArray()) {
                    pending.add(clazz.getComponentType());
                } else if (!clazz.isPrimitive() && !isPlatform(clazz)) {
                    classes.add(clazz);
                    for (Field field : instanceFields(clazz)) {
                        pending.add(field.getGenericType());
                    }
                }
            } else if (next instanceof ParameterizedType parameterized) {
                pending.add(parameterized.getRawType());
                pending.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (next instanceof GenericArrayType array) {
                pending.add(array.getGenericComponentType());
            } else if (next instanceof WildcardType wildcard) {
                pending.addAll(List.of(wildcard.getUpperBounds()));
            } else if (next instanceof TypeVariable<?> variable) {
                pending.addAll(List.of(variable.getBounds()));
            }
        }
        return classes;
    }

    /**
     * A short hash of the shape of {@code type}: for every class reachable from it, its name and its
     * non-static, non-transient fields with their declared types. Adding, removing, renaming or
     * retyping a field changes it; changing methods does not.
     */
    public static String shapeOf(Type type) {
        StringBuilder shape = new StringBuilder(type.getTypeName());
        List<Class<?>> classes = new ArrayList<>(reachableFrom(type));
        classes.sort(Comparator.comparing(Class::getName));
        for (Class<?> clazz : classes) {
            shape.append('|').append(clazz.getName()).append('{');
            List<String> fields = new ArrayList<>();
            for (Field field : instanceFields(clazz)) {
                if (!Modifier.isTransient(field.getModifiers())) {
                    fields.add(field.getDeclaringClass().getName() + "." + field.getName() + ":"
                            + field.getGenericType().getTypeName());
                }
            }
            fields.sort(Comparator.naturalOrder());
            shape.append(String.join(",", fields)).append('}');
        }
        byte[] digest = Sha1.digest().digest(shape.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /**
     * Whether every value of {@code type} is compared by value with {@code equals} and has its
     * class fixed by the declared type, all the way down: primitives and their boxes, strings,
     * enums, {@code BigInteger}, {@code BigDecimal}, {@code UUID}, {@code java.time} values,
     * records of such, arrays, {@code List}s, {@code Set}s and {@code Map}s (with string, enum or
     * boxed keys) of such. For these, a copy that {@link java.util.Objects#deepEquals deepEquals}
     * the original is the original in value and class (an array inside a record compares by
     * identity, so such a copy is never found equal); {@code Object}, {@code Number}, other
     * interfaces and classes are not value-typed.
     */
    public static boolean isValueTyped(Type type) {
        return isValueTyped(type, new java.util.HashSet<>());
    }

    private static boolean isValueTyped(Type type, Set<Type> seen) {
        if (!seen.add(type)) {
            return true; // a recursive record: decided by its other parts
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if ((raw == List.class || raw == Set.class || raw == java.util.Collection.class) && arguments.length == 1) {
                return raw != java.util.Collection.class && isValueTyped(arguments[0], seen);
            }
            if (raw == java.util.Map.class && arguments.length == 2) {
                return isKey(arguments[0]) && isValueTyped(arguments[1], seen);
            }
            return false;
        }
        if (!(type instanceof Class<?> clazz)) {
            return false;
        }
        if (clazz.isArray()) {
            return isValueTyped(clazz.getComponentType(), seen);
        }
        if (clazz.isPrimitive() || clazz.isEnum() || clazz == String.class || clazz == Boolean.class
                || clazz == Character.class || clazz == Integer.class || clazz == Long.class || clazz == Short.class
                || clazz == Byte.class || clazz == Double.class || clazz == Float.class
                || clazz == java.math.BigInteger.class || clazz == java.math.BigDecimal.class
                || clazz == java.util.UUID.class) {
            return true;
        }
        if (clazz.getName().startsWith("java.time.") && Modifier.isFinal(clazz.getModifiers())) {
            return true;
        }
        if (clazz.isRecord()) {
            for (java.lang.reflect.RecordComponent component : clazz.getRecordComponents()) {
                if (!isValueTyped(component.getGenericType(), seen)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isKey(Type type) {
        return type == String.class || (type instanceof Class<?> clazz && (clazz.isEnum() || clazz == Integer.class
                || clazz == Long.class || clazz == java.util.UUID.class));
    }

    /** Whether {@code clazz} belongs to the JDK rather than to you or a library. */
    /**
     * The instance (non-static) fields the classes of {@code type}'s hierarchy below the JDK declare,
     * synthetic and transient ones included: the state that is the project's own, not the JDK's.
     * Worked out once per class.
     */
    public static List<Field> ownInstanceFields(Class<?> type) {
        return OWN_INSTANCE_FIELDS.get(type);
    }

    private static final ClassValue<List<Field>> OWN_INSTANCE_FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> current = type; current != null && !isPlatform(current); current = current.getSuperclass()) {
                for (Field field : current.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        fields.add(field);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    /** The first JDK class among {@code type}'s superclasses ({@code Object} for most), or {@code null} for an interface. */
    public static Class<?> firstJdkSuperclass(Class<?> type) {
        Class<?> current = type.getSuperclass();
        while (current != null && !isPlatform(current)) {
            current = current.getSuperclass();
        }
        return current;
    }

    public static boolean isPlatform(Class<?> clazz) {
        String name = clazz.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    private static List<Field> instanceFields(Class<?> clazz) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = clazz; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
