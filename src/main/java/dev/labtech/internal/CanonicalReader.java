package dev.labtech.internal;

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
import tools.jackson.databind.JsonNode;

/**
 * Reads values back from the {@link CanonicalJson.Form#KEY} form, given the type each was declared
 * as: the way a stored call's arguments are rebuilt from {@code metadata.json}.
 *
 * <p>Lists come back as {@code ArrayList}, sets as {@code LinkedHashSet}, maps as
 * {@code LinkedHashMap}, records through their canonical constructor and other classes through
 * their no-arg constructor with their fields set.
 */
public final class CanonicalReader {

    private final ClassLoader loader;

    public CanonicalReader(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The value {@code node} holds, declared as {@code declared}.
     *
     * @throws IllegalArgumentException if {@code node} is not a canonical form of such a value
     */
    public Object read(JsonNode node, Type declared) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject() && node.size() == 1) {
            String name = node.propertyNames().iterator().next();
            if (name.startsWith(CanonicalJson.TAG)) {
                return bare(node.get(name), name.substring(CanonicalJson.TAG.length()), declared);
            }
        }
        String kind = Kinds.pinnedBy(declared);
        if (kind == null) {
            throw new IllegalArgumentException("a value declared as " + typeName(declared) + " has no kind: " + node);
        }
        return bare(node, kind, declared);
    }

    private Object bare(JsonNode node, String kind, Type declared) {
        return switch (kind) {
            case Kinds.LIST -> fill(new ArrayList<>(), node, Kinds.typeArgument(declared, Collection.class, 0));
            case Kinds.SET -> fill(new LinkedHashSet<>(), node, Kinds.typeArgument(declared, Collection.class, 0));
            case Kinds.MAP -> pairs(new LinkedHashMap<>(), node, declared);
            case Kinds.OPTIONAL -> node.isEmpty() ? Optional.empty()
                    : Optional.ofNullable(read(node.get(0), Kinds.typeArgument(declared, Optional.class, 0)));
            case Kinds.PATH -> Path.of(node.isObject() ? node.path("path").asString() : node.asString());
            case Kinds.FILE -> new File(node.isObject() ? node.path("path").asString() : node.asString());
            case Kinds.CLASS -> load(node.asString());
            case Kinds.ZONE -> ZoneId.of(node.asString());
            case Kinds.CHARSET -> Charset.forName(node.asString());
            case "java.lang.String" -> node.asString();
            case "java.lang.Boolean" -> node.booleanValue();
            case "java.lang.Character" -> node.asString().charAt(0);
            case "java.lang.Integer" -> node.intValue();
            case "java.lang.Long" -> node.longValue();
            case "java.lang.Short" -> node.shortValue();
            case "java.lang.Byte" -> (byte) node.intValue();
            case "java.lang.Double" -> Double.parseDouble(numberText(node));
            case "java.lang.Float" -> Float.parseFloat(numberText(node));
            case "java.math.BigInteger" -> node.bigIntegerValue();
            case "java.math.BigDecimal" -> new BigDecimal(node.asString());
            case "java.util.UUID" -> UUID.fromString(node.asString());
            case "java.net.URI" -> URI.create(node.asString());
            case "java.util.Locale" -> Locale.forLanguageTag(node.asString().replace('_', '-'));
            default -> kind.endsWith("[]") ? array(node, load(kind.substring(0, kind.length() - 2))) : other(node, kind);
        };
    }

    private static String numberText(JsonNode node) {
        return node.asString();
    }

    private Collection<Object> fill(Collection<Object> collection, JsonNode node, Type elementType) {
        node.forEach(element -> collection.add(read(element, elementType)));
        return collection;
    }

    private Map<Object, Object> pairs(Map<Object, Object> map, JsonNode node, Type declared) {
        Type keyType = Kinds.typeArgument(declared, Map.class, 0);
        Type valueType = Kinds.typeArgument(declared, Map.class, 1);
        node.forEach(pair -> map.put(read(pair.get(0), keyType), read(pair.get(1), valueType)));
        return map;
    }

    private Object array(JsonNode node, Class<?> component) {
        Object array = Array.newInstance(component, node.size());
        for (int i = 0; i < node.size(); i++) {
            Array.set(array, i, read(node.get(i), component));
        }
        return array;
    }

    private Object other(JsonNode node, String kind) {
        Class<?> type = load(kind);
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(node.asString())) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(type.getName() + " has no constant " + node.asString());
        }
        if (type.getName().startsWith("java.time.")) {
            return parse(type, node.asString());
        }
        try {
            if (type.isRecord()) {
                RecordComponent[] components = type.getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                Object[] values = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = read(node.get(components[i].getName()), components[i].getGenericType());
                }
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            }
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object object = constructor.newInstance();
            for (Field field : CanonicalJson.stateFields(type)) {
                field.setAccessible(true);
                field.set(object, read(node.get(field.getName()), field.getGenericType()));
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
