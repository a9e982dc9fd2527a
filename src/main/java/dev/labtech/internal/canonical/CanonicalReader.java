package dev.labtech.internal.canonical;

import dev.labtech.internal.DeclaredTypes;
import dev.labtech.internal.Kinds;
import dev.labtech.internal.binary.DeserializationAllowList;
import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads values back from the {@link CanonicalJson.Form#KEY} form (as a {@link JsonText#parse} tree),
 * given the type each was declared as: the way a stored call's arguments are rebuilt from
 * {@code metadata.json}.
 *
 * <p>Lists come back as {@code ArrayList}, sets as {@code LinkedHashSet}, maps as
 * {@code LinkedHashMap}, records through their canonical constructor and other classes through
 * their no-arg constructor with their fields set.
 */
public final class CanonicalReader {

    private final ClassLoader loader;
    private final DeserializationAllowList allowList;

    /**
     * A reader of values declared as {@code declared} (a parameter's type), resolving classes
     * through {@code loader}: a type tag is accepted only for a class the declared type admits
     * (a JDK value class, a class named in the declared type's field graph or a subtype of one),
     * checked before it is loaded and before anything of it is created.
     */
    public CanonicalReader(ClassLoader loader, Type declared) {
        this.loader = loader;
        this.allowList = DeserializationAllowList.forType(declared, -1);
    }

    /**
     * The value {@code node} holds, declared as {@code declared}.
     *
     * @throws IllegalArgumentException if {@code node} is not a canonical form of such a value
     */
    public Object read(Object node, Type declared) {
        if (node == null) {
            return null;
        }
        if (node instanceof Map<?, ?> object && object.size() == 1) {
            Map.Entry<?, ?> only = object.entrySet().iterator().next();
            String name = String.valueOf(only.getKey());
            if (name.startsWith(CanonicalJson.TAG)) {
                String kind = name.substring(CanonicalJson.TAG.length());
                checkTag(kind, declared);
                return bare(only.getValue(), kind, declared);
            }
        }
        String kind = Kinds.pinnedBy(declared);
        if (kind == null) {
            throw new IllegalArgumentException("a value declared as " + typeName(declared) + " has no kind: " + node);
        }
        return bare(node, kind, declared);
    }

    private Object bare(Object node, String kind, Type declared) {
        return switch (kind) {
            case Kinds.LIST -> fill(new ArrayList<>(), node, Kinds.typeArgument(declared, Collection.class, 0));
            case Kinds.SET -> fill(new LinkedHashSet<>(), node, Kinds.typeArgument(declared, Collection.class, 0));
            case Kinds.MAP -> pairs(new LinkedHashMap<>(), node, declared);
            case Kinds.OPTIONAL -> list(node).isEmpty() ? Optional.empty()
                    : Optional.ofNullable(read(list(node).get(0), Kinds.typeArgument(declared, Optional.class, 0)));
            case Kinds.PATH -> Path.of(node instanceof Map<?, ?> file ? text(file.get("path")) : text(node));
            case Kinds.FILE -> new File(node instanceof Map<?, ?> file ? text(file.get("path")) : text(node));
            case Kinds.CLASS -> load(text(node));
            case Kinds.ZONE -> ZoneId.of(text(node));
            case Kinds.CHARSET -> Charset.forName(text(node));
            case "java.lang.String" -> text(node);
            case "java.lang.Boolean" -> (Boolean) node;
            case "java.lang.Character" -> text(node).charAt(0);
            case "java.lang.Integer" -> number(node).intValueExact();
            case "java.lang.Long" -> number(node).longValueExact();
            case "java.lang.Short" -> number(node).shortValueExact();
            case "java.lang.Byte" -> number(node).byteValueExact();
            case "java.lang.Double" -> node instanceof String special ? Double.parseDouble(special) : number(node).doubleValue();
            case "java.lang.Float" -> node instanceof String special ? Float.parseFloat(special) : number(node).floatValue();
            case "java.math.BigInteger" -> number(node).toBigIntegerExact();
            case "java.math.BigDecimal" -> new BigDecimal(text(node));
            case "java.util.UUID" -> UUID.fromString(text(node));
            case "java.net.URI" -> URI.create(text(node));
            case "java.util.Locale" -> Locale.forLanguageTag(text(node).replace('_', '-'));
            default -> kind.endsWith("[]") ? array(node, load(kind.substring(0, kind.length() - 2))) : other(node, kind, declared);
        };
    }

    /** Refuses a tag naming a class that the declared type cannot hold. */
    private void checkTag(String kind, Type declared) {
        Class<?> raw = rawClass(declared);
        Class<?> tagged = switch (kind) {
            case Kinds.LIST -> java.util.List.class;
            case Kinds.SET -> java.util.Set.class;
            case Kinds.MAP -> Map.class;
            case Kinds.OPTIONAL -> Optional.class;
            case Kinds.PATH -> Path.class;
            case Kinds.FILE -> File.class;
            case Kinds.CLASS -> Class.class;
            case Kinds.ZONE -> ZoneId.class;
            case Kinds.CHARSET -> Charset.class;
            default -> null;
        };
        if (tagged == null) {
            tagged = load(kind);
            if (!tagged.isPrimitive() && !allowList.allows(tagged)) {
                throw new IllegalArgumentException("a " + kind + ", which is not among the classes "
                        + typeName(declared) + " can hold");
            }
        }
        Class<?> boxed = raw != null && raw.isPrimitive() ? java.lang.invoke.MethodType.methodType(raw).wrap().returnType() : raw;
        if (boxed != null && !boxed.isAssignableFrom(tagged)) {
            throw new IllegalArgumentException("a " + kind + " where " + typeName(declared) + " is declared");
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof java.lang.reflect.ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static String text(Object node) {
        if (node instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("expected a string, found " + node);
    }

    private static BigDecimal number(Object node) {
        if (node instanceof BigDecimal decimal) {
            return decimal;
        }
        if (node instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        throw new IllegalArgumentException("expected a number, found " + node);
    }

    private static java.util.List<?> list(Object node) {
        if (node instanceof java.util.List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("expected an array, found " + node);
    }

    private Collection<Object> fill(Collection<Object> collection, Object node, Type elementType) {
        list(node).forEach(element -> collection.add(read(element, elementType)));
        return collection;
    }

    private Map<Object, Object> pairs(Map<Object, Object> map, Object node, Type declared) {
        Type keyType = Kinds.typeArgument(declared, Map.class, 0);
        Type valueType = Kinds.typeArgument(declared, Map.class, 1);
        for (Object pair : list(node)) {
            map.put(read(list(pair).get(0), keyType), read(list(pair).get(1), valueType));
        }
        return map;
    }

    private Object array(Object node, Class<?> component) {
        java.util.List<?> elements = list(node);
        Object array = Array.newInstance(component, elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Array.set(array, i, read(elements.get(i), component));
        }
        return array;
    }

    private Object other(Object node, String kind, Type declared) {
        Class<?> type = load(kind);
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(text(node))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(type.getName() + " has no constant " + node);
        }
        if (type.getName().startsWith("java.time.")) {
            return parse(type, text(node));
        }
        if (!(node instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("expected the fields of a " + kind + ", found " + node);
        }
        try {
            if (type.isRecord()) {
                RecordComponent[] components = type.getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                Object[] values = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = read(fields.get(components[i].getName()), components[i].getGenericType());
                }
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            }
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object object = constructor.newInstance();
            boolean container = object instanceof Collection<?> || object instanceof Map<?, ?>;
            if (object instanceof Collection<?> collection) {
                @SuppressWarnings("unchecked")
                Collection<Object> elements = (Collection<Object>) collection;
                fill(elements, fields.get(CanonicalJson.ELEMENTS), Kinds.typeArgument(declared, Collection.class, 0));
            } else if (object instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> entries = (Map<Object, Object>) map;
                pairs(entries, fields.get(CanonicalJson.ELEMENTS), declared);
            }
            for (Field field : CanonicalJson.stateFields(type)) {
                if (container && DeclaredTypes.isPlatform(field.getDeclaringClass())) {
                    continue;
                }
                field.setAccessible(true);
                field.set(object, read(fields.get(field.getName()), field.getGenericType()));
            }
            return object;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot rebuild a " + type.getName() + " (" + e + ")", e);
        }
    }

    private static Object parse(Class<?> type, String text) {
        try {
            return type.getMethod("parse", CharSequence.class).invoke(null, text);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot parse a " + type.getName() + " from '" + text + "'", e);
        }
    }

    private Class<?> load(String name) {
        Class<?> primitive = switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "short" -> short.class;
            case "char" -> char.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            default -> null;
        };
        if (primitive != null) {
            return primitive;
        }
        if (name.endsWith("[]")) {
            return load(name.substring(0, name.length() - 2)).arrayType();
        }
        if (!allowList.mayLoad(name, loader)) {
            throw new IllegalArgumentException("a " + name + ", which is not among the classes a stored call may name");
        }
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + name + " is visible", e);
        }
    }

    private static String typeName(Type type) {
        return type == null ? "anything" : type.getTypeName();
    }
}
