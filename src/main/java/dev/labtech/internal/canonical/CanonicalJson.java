package dev.labtech.internal.canonical;

import dev.labtech.internal.DeclaredTypes;
import dev.labtech.internal.JdkWrappers;
import dev.labtech.internal.JsonText;
import dev.labtech.internal.Kinds;
import dev.labtech.internal.binary.GuardedKryo;
import dev.labtech.internal.fingerprint.FileDigests;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
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
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a value as canonical JSON: equal values of equal types give equal text on every JVM and
 * machine, and values that differ in value or in type give different text.
 *
 * <p>In the {@link Form#KEY} form a value is written bare where its declared type pins its kind
 * (an {@code int} parameter, the elements of a {@code List<String>}), and otherwise tagged with its
 * kind as a one-member object, {@code {"@java.lang.Long":5}}, so {@code 5} and {@code 5L} passed as
 * {@code Object} differ. Kinds are class names, except that all lists are {@code list}, all sets
 * {@code set} and all maps {@code map} (see {@link Kinds}). Sets are written with their elements'
 * canonical texts sorted, maps as {@code [key, value]} pairs sorted by the key's text, so neither
 * iteration order nor implementation leaks into a key. Numbers are written in a form that is the
 * same on every JDK ({@link Kinds#canonical(double)}). A {@code Path} or {@code File} is written
 * as its path; in the key form the digest of its content ({@link FileDigests}) is collected beside
 * the text (see {@link #write(JsonGenerator, Object, Type, Map)}), so a changed file is a different
 * key while the arguments' text stays the same. Objects are written as their non-static,
 * non-transient fields sorted by name, records as their components.
 *
 * <p>Values without a stable identity are refused with an {@link UnsupportedValueException}:
 * lambdas and other synthetic classes, proxies, JDK types other than the plain value types below
 * (a {@code Thread}, a stream), object graphs with a cycle, and nesting deeper than
 * {@value #MAX_DEPTH}.
 */
public final class CanonicalJson {

    static final int MAX_DEPTH = 200;

    /** What the text is for, which decides how much type it carries. */
    public enum Form {
        /** Cache keys: kinds wherever the declared type leaves them open. */
        KEY,
        /**
         * Comparing a value with a copy of it: every kind, sets and maps in their iteration order,
         * what a container holds beyond its elements, and a second reference to a mutable object as
         * a reference, so a copy must match in value, kind, order and sharing, though a plain JDK
         * list, set or map may be held in another plain one.
         */
        EXACT,
        /** People: values only, numbers as Java prints them. */
        DISPLAY
    }

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

    /** The prefix of a kind tag; no Java field name contains it, so a tag never looks like an object. */
    static final String TAG = "@";

    private static final Comparator<Field> BY_NAME = Comparator.comparing(Field::getName);

    private final Form form;
    private final Map<String, String> files;
    private final IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();
    /** In the exact form: each mutable object met, by the order it was first met in. */
    private final IdentityHashMap<Object, Integer> shared = new IdentityHashMap<>();

    /** The member that refers, in the exact form, to an object met before by its number. */
    static final String REFERENCE = "@ref";

    private CanonicalJson(Form form, Map<String, String> files) {
        this.form = form;
        this.files = files;
    }

    /** Writes {@code value}, declared as {@code declared} ({@code null}: anything), to {@code generator}. */
    public static void write(JsonGenerator generator, Object value, Type declared, Form form) {
        new CanonicalJson(form, new TreeMap<>()).value(generator, value, declared, "$", 0);
    }

    /**
     * Writes {@code value} in the {@link Form#KEY} form, putting the content digest of each file it
     * holds ({@code Path} or {@code File}) into {@code files}, by the path as written.
     */
    public static void write(JsonGenerator generator, Object value, Type declared, Map<String, String> files) {
        new CanonicalJson(Form.KEY, files).value(generator, value, declared, "$", 0);
    }

    /** Writes {@code value} to {@code out} as UTF-8 JSON. */
    public static void write(OutputStream out, Object value, Type declared, Form form) {
        try (JsonGenerator generator = JsonText.generator(out)) {
            write(generator, value, declared, form);
        }
    }

    /** The canonical JSON text of {@code value}. */
    public static String toString(Object value, Type declared, Form form) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JsonText.generator(text)) {
            write(generator, value, declared, form);
        }
        return text.toString();
    }

    private void value(JsonGenerator out, Object value, Type declared, String path, int depth) {
        if (value == null) {
            out.writeNull();
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new UnsupportedValueException(value.getClass(), path, "it nests deeper than " + MAX_DEPTH + " levels");
        }
        Object identity = form == Form.EXACT ? innermost(value) : null;
        if (identity != null && isSharable(identity)) {
            Integer first = shared.putIfAbsent(identity, shared.size());
            if (first != null) {
                // The same object again: a copy must hold it once too.
                out.writeStartObject();
                out.writeNumberProperty(REFERENCE, first);
                out.writeEndObject();
                return;
            }
        }
        String kind = form == Form.DISPLAY ? null : Kinds.of(value);
        boolean tagged = kind != null && (form == Form.EXACT || !kind.equals(Kinds.pinnedBy(declared)));
        if (tagged) {
            out.writeStartObject();
            out.writeName(TAG + kind);
        }
        bare(out, value, declared, path, depth);
        if (tagged) {
            out.writeEndObject();
        }
    }

    private void bare(JsonGenerator out, Object value, Type declared, String path, int depth) {
        String hidden;
        if (value instanceof String string) {
            string(out, string);
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof Character character) {
            string(out, character.toString());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            number(out, form == Form.DISPLAY ? number.toString() : Kinds.canonical(number));
        } else if (value instanceof Float number) {
            number(out, form == Form.DISPLAY ? number.toString() : Kinds.canonical(number));
        } else if (value instanceof BigInteger number) {
            out.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            out.writeString(number.toString());
        } else if (value instanceof Enum<?> constant) {
            out.writeString(constant.name());
        } else if (value instanceof Class<?> clazz) {
            out.writeString(clazz.getName());
        } else if (value instanceof Optional<?> optional) {
            out.writeStartArray();
            if (optional.isPresent()) {
                value(out, optional.get(), Kinds.typeArgument(declared, Optional.class, 0), path + ".get()", depth + 1);
            }
            out.writeEndArray();
        } else if (value instanceof Path || value instanceof File) {
            if (form == Form.KEY) {
                // A file is keyed by what it holds, not only by its name.
                files.put(value.toString(), FileDigests.of(value instanceof File file ? file.toPath() : (Path) value));
            }
            string(out, value.toString());
        } else if (isPlainValue(value)) {
            out.writeString(value.toString());
        } else if (value.getClass().isArray()) {
            array(out, value, path, depth);
        } else if ((value instanceof Collection<?> || value instanceof Map<?, ?>) && Kinds.hasOwnState(value.getClass())) {
            containerWithState(out, value, declared, path, depth);
        } else if (form == Form.EXACT && (hidden = hiddenState(value)) != null) {
            // What the elements do not show but a copy must keep: a comparator, access order.
            out.writeStartObject();
            out.writeStringProperty(STATE, hidden);
            out.writeName(ELEMENTS);
            if (value instanceof Collection<?> collection) {
                collection(out, collection, Kinds.typeArgument(declared, Collection.class, 0), path, depth);
            } else {
                map(out, (Map<?, ?>) value, declared, path, depth);
            }
            out.writeEndObject();
        } else if (value instanceof Collection<?> collection) {
            collection(out, collection, Kinds.typeArgument(declared, Collection.class, 0), path, depth);
        } else if (value instanceof Map<?, ?> map) {
            map(out, map, declared, path, depth);
        } else {
            object(out, value, path, depth);
        }
    }

    /**
     * A string, with each lone surrogate written as a {@code \\uXXXX} escape: the text is hashed as
     * UTF-8, which has no encoding for a lone surrogate ({@code "\\uD800"}, {@code "\\uDBFF"} and
     * {@code "?"} would all become {@code ?}), while an escape keeps them apart and reads back as
     * the same string.
     */
    private static void string(JsonGenerator out, String text) {
        int lone = loneSurrogate(text, 0);
        if (lone < 0) {
            out.writeString(text);
            return;
        }
        StringBuilder literal = new StringBuilder(text.length() + 16).append('"');
        int from = 0;
        for (; lone >= 0; lone = loneSurrogate(text, from)) {
            ENCODER.quoteAsString(text.substring(from, lone), literal);
            literal.append(String.format("\\u%04X", (int) text.charAt(lone)));
            from = lone + 1;
        }
        ENCODER.quoteAsString(text.substring(from), literal);
        literal.append('"');
        out.writeRawValue(literal.toString());
    }

    /** The index of the first surrogate at or after {@code from} that is not half of a pair, or -1. */
    private static int loneSurrogate(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static final tools.jackson.core.io.JsonStringEncoder ENCODER = tools.jackson.core.io.JsonStringEncoder.getInstance();

    static boolean isPlainValue(Object value) {
        return value instanceof UUID || value instanceof URI || value instanceof Path || value instanceof Locale
                || value instanceof Charset || value instanceof Duration || value instanceof Period
                || value instanceof ZoneId
                || (value instanceof TemporalAccessor && value.getClass().getName().startsWith("java.time."));
    }

    private static void number(JsonGenerator out, String text) {
        if (Character.isDigit(text.charAt(text.length() - 1))) {
            out.writeNumber(text);
        } else {
            out.writeString(text); // NaN, Infinity, -Infinity: no JSON number
        }
    }

    private void array(JsonGenerator out, Object array, String path, int depth) {
        Class<?> component = array.getClass().getComponentType();
        int length = Array.getLength(array);
        out.writeStartArray();
        if (component == int.class || component == long.class || component == short.class || component == byte.class) {
            for (int i = 0; i < length; i++) {
                out.writeNumber(Array.getLong(array, i));
            }
        } else if (component.isPrimitive()) {
            for (int i = 0; i < length; i++) {
                bare(out, Array.get(array, i), component, path, depth + 1);
            }
        } else {
            enter(array, path);
            for (int i = 0; i < length; i++) {
                value(out, Array.get(array, i), component, path + "[" + i + "]", depth + 1);
            }
            leave(array);
        }
        out.writeEndArray();
    }

    private void collection(JsonGenerator out, Collection<?> collection, Type elementType, String path, int depth) {
        enter(collection, path);
        out.writeStartArray();
        if (collection instanceof Set<?> && form != Form.EXACT) {
            // Sorting the elements' text makes equal sets equal whatever their implementation and order.
            List<String> elements = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                elements.add(text(element, elementType, path + "[" + index++ + "]", depth + 1));
            }
            elements.sort(Comparator.naturalOrder());
            for (String element : elements) {
                out.writeRawValue(element);
            }
        } else {
            int index = 0;
            for (Object element : collection) {
                value(out, element, elementType, path + "[" + index++ + "]", depth + 1);
            }
        }
        out.writeEndArray();
        leave(collection);
    }

    private void map(JsonGenerator out, Map<?, ?> map, Type declared, String path, int depth) {
        Type keyType = Kinds.typeArgument(declared, Map.class, 0);
        Type valueType = Kinds.typeArgument(declared, Map.class, 1);
        enter(map, path);
        if (form == Form.DISPLAY) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((key, value) -> sorted.put(key instanceof String text ? text
                    : text(key, keyType, path + ".key", depth + 1), value));
            out.writeStartObject();
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                out.writeName(entry.getKey());
                value(out, entry.getValue(), valueType, path + "." + entry.getKey(), depth + 1);
            }
            out.writeEndObject();
        } else {
            // [key, value] pairs, for keys of any type, typed like any value; sorted by the key's
            // text for a key, in iteration order for an exact comparison.
            List<String> pairs = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = text(entry.getKey(), keyType, path + ".key", depth + 1);
                pairs.add("[" + key + "," + text(entry.getValue(), valueType, path + "[" + key + "]", depth + 1) + "]");
            }
            if (form == Form.KEY) {
                pairs.sort(Comparator.naturalOrder());
            }
            out.writeStartArray();
            for (String pair : pairs) {
                out.writeRawValue(pair);
            }
            out.writeEndArray();
        }
        leave(map);
    }

    /**
     * A collection or map of a class with fields of its own ({@code TaggedList extends ArrayList}
     * with a {@code tag}): its fields, as any object's, and its content under {@value #ELEMENTS}, so
     * two that differ in either differ, and neither equals a plain list or map of the same content.
     */
    private void containerWithState(JsonGenerator out, Object value, Type declared, String path, int depth) {
        out.writeStartObject();
        out.writeName(ELEMENTS);
        if (value instanceof Collection<?> collection) {
            collection(out, collection, Kinds.typeArgument(declared, Collection.class, 0), path, depth);
        } else {
            map(out, (Map<?, ?>) value, declared, path, depth);
        }
        enter(value, path);
        for (Field field : stateFields(value.getClass())) {
            if (!DeclaredTypes.isPlatform(field.getDeclaringClass())) {
                out.writeName(field.getName());
                value(out, read(field, value, path), field.getGenericType(), path + "." + field.getName(), depth + 1);
            }
        }
        leave(value);
        out.writeEndObject();
    }

    /** The member naming a collection's or map's hidden state in the exact form. */
    static final String STATE = "@state";

    /**
     * What a collection or map holds beyond its elements and changes how it behaves, or
     * {@code null} if nothing: its class, unless it is one of the plain JDK classes a copy may
     * replace by another plain one (an {@code ArrayList}, {@code HashMap}, {@code List.of(…)}: a
     * reader sees the same elements in the same order), with the class of a sorted one's comparator
     * and a {@code LinkedHashMap}'s access order; for a view, what it wraps, and that it
     * synchronizes. A {@code TreeMap} in natural order copied into a {@code LinkedHashMap} would
     * sort no later entry, and a concurrent set copied into a {@code LinkedHashSet} would not be
     * safe to share between threads: both differ here.
     */
    private static String hiddenState(Object container) {
        if (!(container instanceof Collection<?>) && !(container instanceof Map<?, ?>)) {
            return null;
        }
        Object wrapped = JdkWrappers.wrapped(container);
        if (wrapped != null) {
            String inner = hiddenState(wrapped);
            if (JdkWrappers.isSynchronizedView(container)) {
                return "synchronized view of " + (inner != null ? inner : wrapped.getClass().getName());
            }
            return inner == null ? null : "view of " + inner;
        }
        Object comparator = container instanceof java.util.SortedSet<?> set ? set.comparator()
                : container instanceof java.util.SortedMap<?, ?> map ? map.comparator()
                : container instanceof java.util.PriorityQueue<?> queue ? queue.comparator()
                : container instanceof java.util.concurrent.PriorityBlockingQueue<?> queue ? queue.comparator() : null;
        boolean accessOrder = container instanceof java.util.LinkedHashMap<?, ?> map && GuardedKryo.accessOrder(map);
        if (comparator == null && !accessOrder && isPlainContainer(container.getClass())) {
            return null;
        }
        return container.getClass().getName() + (comparator != null ? ", comparator " + comparator.getClass().getName() : "")
                + (accessOrder ? ", access order" : "");
    }

    /** The JDK's list, set and map classes that hold nothing but their elements in their order. */
    private static boolean isPlainContainer(Class<?> type) {
        if (type == ArrayList.class || type == java.util.HashMap.class || type == java.util.LinkedHashMap.class
                || type == java.util.HashSet.class || type == java.util.LinkedHashSet.class) {
            return true;
        }
        return Kinds.isImmutableJdkContainer(type) || type.getName().equals("java.util.Arrays$ArrayList");
    }

    /**
     * Whether a second reference to {@code value} is a second reference to the same mutable object,
     * which a copy must keep as one object: arrays, collections, maps and objects of fields, but not
     * values (strings, numbers, records, {@code java.time}, ...) nor the JDK's immutable collections.
     */
    private static boolean isSharable(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof Class<?>
                || value instanceof Optional<?> || value instanceof Path || value instanceof File || isPlainValue(value)
                || value.getClass().isRecord()) {
            return false;
        }
        return !Kinds.isImmutableJdkContainer(value.getClass());
    }

    /** What a view of {@link java.util.Collections} wraps, through every view; {@code value} if it is none. */
    private static Object innermost(Object value) {
        Object current = value;
        for (Object inner = JdkWrappers.wrapped(current); inner != null; inner = JdkWrappers.wrapped(current)) {
            current = inner;
        }
        return current;
    }

    /**
     * Whether a collection or map anywhere in {@code value} (through collections, maps, arrays,
     * {@code Optional}s and record components) holds state beyond its elements: fields of its own,
     * a comparator, access order. Its {@code equals} then says nothing about a copy's behaviour.
     */
    public static boolean holdsHiddenState(Object value) {
        java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        if (value != null) {
            pending.add(value);
        }
        while (!pending.isEmpty()) {
            Object next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof Collection<?> || next instanceof Map<?, ?>) {
                if (Kinds.hasOwnState(next.getClass()) || hiddenState(next) != null) {
                    return true;
                }
                if (next instanceof Collection<?> collection) {
                    collection.forEach(element -> addIfPresent(pending, element));
                } else {
                    ((Map<?, ?>) next).forEach((key, element) -> {
                        addIfPresent(pending, key);
                        addIfPresent(pending, element);
                    });
                }
            } else if (next instanceof Optional<?> optional) {
                optional.ifPresent(pending::add);
            } else if (next instanceof Object[] array) {
                for (Object element : array) {
                    addIfPresent(pending, element);
                }
            } else if (next.getClass().isRecord()) {
                for (RecordComponent component : CONTAINER_COMPONENTS.get(next.getClass())) {
                    addIfPresent(pending, read(component, next));
                }
            }
        }
        return false;
    }

    /** Per record class, the components whose declared type can hold a collection or map. */
    private static final ClassValue<List<RecordComponent>> CONTAINER_COMPONENTS = new ClassValue<>() {
        @Override
        protected List<RecordComponent> computeValue(Class<?> type) {
            List<RecordComponent> components = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Class<?> declared = component.getType();
                boolean value = declared.isPrimitive() || declared == String.class || declared.isEnum()
                        || Number.class.isAssignableFrom(declared) && Modifier.isFinal(declared.getModifiers())
                        || declared == Boolean.class || declared == Character.class || isPlainValueType(declared);
                if (!value) {
                    components.add(component);
                }
            }
            return List.copyOf(components);
        }
    };

    private static boolean isPlainValueType(Class<?> type) {
        return type == java.util.UUID.class || type == URI.class || type == Path.class || type == Locale.class
                || type.getName().startsWith("java.time.") && Modifier.isFinal(type.getModifiers());
    }

    private static void addIfPresent(java.util.ArrayDeque<Object> pending, Object value) {
        if (value != null) {
            pending.add(value);
        }
    }

    /** The member holding a stateful collection's or map's content; no field is named so. */
    static final String ELEMENTS = "@elements";

    private void object(JsonGenerator out, Object value, String path, int depth) {
        Class<?> type = value.getClass();
        Class<?> jdkSuperclass = Kinds.statefulJdkSuperclass(type);
        if (jdkSuperclass != null) {
            throw new UnsupportedValueException(type, path, "it extends the JDK class " + jdkSuperclass.getName()
                    + ", whose state (its own fields) a key cannot read, so different values would share a key");
        }
        if (type.isSynthetic() || type.getName().contains("$$Lambda") || Proxy.isProxyClass(type)) {
            throw new UnsupportedValueException(type, path,
                    "it is a lambda, proxy or other generated class, which has no value that stays the same between runs");
        }
        if (DeclaredTypes.isPlatform(type)) {
            throw new UnsupportedValueException(type, path,
                    "it is a JDK type that is not a plain value (supported: strings, primitives, enums, java.time, UUID, "
                            + "Path, File, URI, Optional, arrays, collections, maps, records and your own classes)");
        }
        enter(value, path);
        out.writeStartObject();
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            java.util.Arrays.sort(components, Comparator.comparing(RecordComponent::getName));
            for (RecordComponent component : components) {
                out.writeName(component.getName());
                value(out, read(component, value), component.getGenericType(), path + "." + component.getName(),
                        depth + 1);
            }
        } else {
            for (Field field : stateFields(type)) {
                String name = field.getName();
                out.writeName(name);
                value(out, read(field, value, path), field.getGenericType(), path + "." + name, depth + 1);
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

    private String text(Object value, Type declared, String path, int depth) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JsonText.generator(text)) {
            value(generator, value, declared, path, depth);
        }
        return text.toString();
    }

    private void enter(Object value, String path) {
        if (onPath.put(value, Boolean.TRUE) != null) {
            throw new UnsupportedValueException(value.getClass(), path,
                    "it contains a cycle: it refers back to an object that contains it");
        }
    }

    private void leave(Object value) {
        onPath.remove(value);
    }
}
