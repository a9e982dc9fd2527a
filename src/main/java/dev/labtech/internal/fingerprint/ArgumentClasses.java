package dev.labtech.internal.fingerprint;

import dev.labtech.internal.DeclaredTypes;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The runtime classes of a call's arguments that are code of the project or its libraries: a
 * {@code Strategy} parameter given a {@code new Doubler()} runs {@code Doubler}'s code, so that
 * code is part of what the result depends on, though the fixture names only the interface.
 *
 * <p>Walks arrays, collections, maps, {@code Optional}s and the fields of non-JDK objects; JDK
 * classes are left out (their code is the JDK's). At most {@value #MAX_OBJECTS} objects are looked
 * at, so a huge argument costs little: its element classes are found in the first ones.
 */
public final class ArgumentClasses {

    static final int MAX_OBJECTS = 10_000;

    private ArgumentClasses() {
    }

    /** The binary names of the non-JDK classes among the arguments' objects, sorted. */
    public static SortedSet<String> of(List<Object> arguments) {
        SortedSet<String> classes = new TreeSet<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        for (Object argument : arguments) {
            if (argument != null) {
                pending.add(argument);
            }
        }
        while (!pending.isEmpty() && seen.size() < MAX_OBJECTS) {
            Object next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            Class<?> type = next.getClass();
            if (next instanceof Enum<?> constant) {
                classes.add(constant.getDeclaringClass().getName());
            }
            if (!DeclaredTypes.isPlatform(type) && !type.isArray()) {
                classes.add(type.getName());
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0, n = Array.getLength(next); i < n; i++) {
                        add(pending, Array.get(next, i));
                    }
                }
            } else if (next instanceof Collection<?> collection) {
                collection.forEach(element -> add(pending, element));
            } else if (next instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    add(pending, key);
                    add(pending, value);
                });
            } else if (next instanceof Optional<?> optional) {
                optional.ifPresent(value -> add(pending, value));
            }
            if (!DeclaredTypes.isPlatform(type) && !(next instanceof Enum<?>)) {
                fields(next, type, pending);
            }
        }
        return classes;
    }

    private static void fields(Object object, Class<?> type, Deque<Object> pending) {
        for (Field field : DeclaredTypes.ownInstanceFields(type)) {
            if (field.getType().isPrimitive()) {
                continue;
            }
            try {
                field.setAccessible(true);
                add(pending, field.get(object));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a field we may not read: its class is still named by the field's type
            }
        }
    }

    private static void add(Deque<Object> pending, Object value) {
        if (value != null && !(value instanceof String) && !(value instanceof Boolean) && !(value instanceof Character)
                && !(value instanceof Number && DeclaredTypes.isPlatform(value.getClass()))) {
            pending.add(value);
        }
    }
}
