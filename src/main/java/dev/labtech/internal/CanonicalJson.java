package dev.labtech.internal;

import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a value as canonical JSON: equal values give equal text on every JVM and machine.
 *
 * <p>Maps are written with sorted keys and unordered sets with sorted elements, so iteration order
 * never leaks into a cache key. Objects are written as their fields (sorted by name) plus an
 * {@code "@class"} member, records as their components. Values without a stable identity are
 * refused with an {@link UnsupportedValueException}: lambdas and other synthetic classes, proxies,
 * JDK types other than the plain value types below (a {@code Thread}, a stream), map keys that are
 * not simple values, object graphs with a cycle, and nesting deeper than {@value #MAX_DEPTH}.
 */
public final class CanonicalJson {

    static final int MAX_DEPTH = 200;

    /** A value that has no canonical form, with where in the value it was found. */
    public static final class UnsupportedValueException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Class<?> type;
        private final String path;

        UnsupportedValueException(Class<?> type, String path, String reason) {
            super(reason);
            this.type = type;
            this.path = path;
        }

        /** The class of the refused value. */
        public Class<?> type() {
            return type;
        }

        /** Where in the value it sits, as {@code $.config.callbacks[2]}; {@code $} is the value itself. */
        public String path() {
            return path;
        }
    }

    private static final Comparator<Field> BY_NAME = Comparator.comparing(Field::getName);

    private final IdentityHashMap<Object, Boolean> onPath;

    private CanonicalJson(IdentityHashMap<Object, Boolean> onPath) {
        this.onPath = onPath;
    }

    /** Writes {@code value} to {@code generator} in canonical form. */
    public static void write(JsonGenerator generator, Object value) {
        new CanonicalJson(new IdentityHashMap<>()).value(generator, value, "$", 0);
    }

    /** Writes {@code value} to {@code out} as canonical UTF-8 JSON. */
    public static void write(OutputStream out, Object value) {
        try (JsonGenerator generator = Json.PLAIN.createGenerator(out)) {
            write(generator, value);
        }
    }

    /** The canonical JSON text of {@code value}. */
    public static String toString(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = Json.PLAIN.createGenerator(text)) {
            write(generator, value);
        }
        return text.toString();
    }

    private void value(JsonGenerator out, Object value, String path, int depth) {
        if (value == null) {
            out.writeNull();
            return;
        }
        Class<?> type = value.getClass();
        if (depth > MAX_DEPTH) {
            throw new UnsupportedValueException(type, path, "it nests deeper than " + MAX_DEPTH + " levels");
        }
        if (value instanceof String string) {
            out.writeString(string);
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof Character character) {
            out.writeString(character.toString());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            writeDouble(out, number);
        } else if (value instanceof Float number) {
            writeFloat(out, number);
        } else if (value instanceof BigInteger number) {
            out.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            out.writeString(number.toString());
        } else if (value instanceof Enum<?> constant) {
            out.writeString(constant.name());
        } else if (value instanceof Class<?> clazz) {
            out.writeString(clazz.getName());
        } else if (value instanceof Optional<?> optional) {
            value(out, optional.orElse(null), path, depth + 1);
        } else if (value instanceof File file) {
            out.writeString(file.getPath());
        } else if (isPlainValue(value)) {
            out.writeString(value.toString());
        } else if (type.isArray()) {
            enter(value, type, path);
            out.writeStartArray();
            for (int i = 0, length = Array.getLength(value); i < length; i++) {
                value(out, Array.get(value, i), path + "[" + i + "]", depth + 1);
            }
            out.writeEndArray();
            leave(value);
        } else if (value instanceof Collection<?> collection) {
            collection(out, collection, path, depth);
        } else if (value instanceof Map<?, ?> map) {
            map(out, map, path, depth);
        } else {
            object(out, value, type, path, depth);
        }
    }

    private static boolean isPlainValue(Object value) {
        return value instanceof UUID || value instanceof URI || value instanceof Path || value instanceof Locale
                || value instanceof Charset || value instanceof Duration || value instanceof Period
                || value instanceof ZoneId
                || (value instanceof TemporalAccessor && value.getClass().getName().startsWith("java.time."));
    }

    private static void writeDouble(JsonGenerator out, double number) {
        if (Double.isFinite(number)) {
            out.writeNumber(number);
        } else {
            out.writeString(Double.toString(number));
        }
    }

    private static void writeFloat(JsonGenerator out, float number) {
        if (Float.isFinite(number)) {
            out.writeNumber(number);
        } else {
            out.writeString(Float.toString(number));
        }
    }

    private void collection(JsonGenerator out, Collection<?> collection, String path, int depth) {
        enter(collection, collection.getClass(), path);
        out.writeStartArray();
        if (collection instanceof Set<?> && !(collection instanceof SortedSet<?>)) {
            // Iteration order of a hash set depends on hash codes, which differ between runs for
            // many types: sort the elements' canonical text instead.
            List<String> elements = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                elements.add(text(element, path + "[" + index++ + "]", depth + 1));
            }
            elements.sort(Comparator.naturalOrder());
            for (String element : elements) {
                out.writeRawValue(element);
            }
        } else {
            int index = 0;
            for (Object element : collection) {
                value(out, element, path + "[" + index++ + "]", depth + 1);
            }
        }
        out.writeEndArray();
        leave(collection);
    }

    private void map(JsonGenerator out, Map<?, ?> map, String path, int depth) {
        enter(map, map.getClass(), path);
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = mapKey(entry.getKey(), path);
            if (sorted.put(key, entry.getValue()) != null) {
                throw new UnsupportedValueException(map.getClass(), path,
                        "two of its keys have the same text '" + key + "'");
            }
        }
        out.writeStartObject();
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            out.writeName(entry.getKey());
            value(out, entry.getValue(), path + "." + entry.getKey(), depth + 1);
        }
        out.writeEndObject();
        leave(map);
    }

    private static String mapKey(Object key, String path) {
        if (key instanceof String || key instanceof Character || key instanceof Boolean || key instanceof UUID
                || key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte
                || key instanceof BigInteger) {
            return key.toString();
        }
        if (key instanceof Enum<?> constant) {
            return constant.name();
        }
        throw new UnsupportedValueException(key == null ? Object.class : key.getClass(), path,
                "it is a map with a key of type " + (key == null ? "null" : key.getClass().getName())
                        + "; map keys must be strings, characters, booleans, integers, enums or UUIDs");
    }

    private void object(JsonGenerator out, Object value, Class<?> type, String path, int depth) {
        if (type.isSynthetic() || type.getName().contains("$$Lambda") || Proxy.isProxyClass(type)) {
            throw new UnsupportedValueException(type, path,
                    "it is a lambda, proxy or other generated class, which has no value that stays the same between runs");
        }
        if (DeclaredTypes.isPlatform(type)) {
            throw new UnsupportedValueException(type, path,
                    "it is a JDK type that is not a plain value (supported: strings, primitives, enums, java.time, UUID, "
                            + "Path, File, URI, Optional, arrays, collections, maps, records and your own classes)");
        }
        enter(value, type, path);
        out.writeStartObject();
        out.writeName("@class");
        out.writeString(type.getName());
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            java.util.Arrays.sort(components, Comparator.comparing(RecordComponent::getName));
            for (RecordComponent component : components) {
                out.writeName(component.getName());
                value(out, read(component, value), path + "." + component.getName(), depth + 1);
            }
        } else {
            for (Field field : stateFields(type)) {
                String name = field.getName();
                out.writeName(name);
                value(out, read(field, value, path), path + "." + name, depth + 1);
            }
        }
        out.writeEndObject();
        leave(value);
    }

    /** The fields that make up an object's state, as Java serialization sees it: not static, not transient. */
    static List<Field> stateFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            List<Field> declared = new ArrayList<>();
            for (Field field : current.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()) {
                    declared.add(field);
                }
            }
            declared.sort(BY_NAME);
            fields.addAll(0, declared);
        }
        return fields;
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            java.lang.reflect.Method accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot read record component " + component.getName(), e);
        }
    }

    private static Object read(Field field, Object target, String path) {
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedValueException(target.getClass(), path,
                    "its field " + field.getName() + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private String text(Object value, String path, int depth) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = Json.PLAIN.createGenerator(text)) {
            value(generator, value, path, depth);
        }
        return text.toString();
    }

    private void enter(Object value, Class<?> type, String path) {
        if (onPath.put(value, Boolean.TRUE) != null) {
            throw new UnsupportedValueException(type, path,
                    "it contains a cycle: it refers back to an object that contains it");
        }
    }

    private void leave(Object value) {
        onPath.remove(value);
    }
}
