package dev.labtech.internal.binary;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.labtech.internal.DeclaredTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * How {@link GuardedKryo} writes a class, decided once per class: Kryo's own way where it gives
 * back an equal object, the class's Java serialization where the class rebuilds its own state, or
 * a refusal at save naming the class and why, where neither is exact.
 *
 * <p>Kryo writes an object's fields and creates it again without running a constructor, and
 * writes a collection or map as its elements. That is exact for records, enums, plain classes of
 * fields, arrays and the JDK's value and collection classes, and wrong for:
 * <ul>
 *   <li>classes with serialization hooks ({@code writeObject}/{@code readObject}, {@code readResolve},
 *       {@code writeReplace}, {@code Externalizable}): their hooks rebuild transient state, keep
 *       singletons singular, check invariants. Such a class is written by Java serialization, read
 *       back through the same allow-list as everything else;</li>
 *   <li>subclasses of JDK collections and maps with fields of their own, or without a no-arg
 *       constructor (an LRU map's limit, a tagged list's tag, a set's comparator): written by Java
 *       serialization when they are {@code Serializable}, refused otherwise;</li>
 *   <li>JDK classes whose state Kryo cannot see ({@code Collections.newSetFromMap},
 *       {@code ConcurrentSkipListSet}'s comparator): Java serialization, which they define;</li>
 *   <li>inner, local and anonymous classes, whose link to their enclosing instance and captured
 *       variables Kryo drops, and lambdas and other classes generated at run time, which have no
 *       name to be created again by: refused.</li>
 * </ul>
 * An access-order {@code LinkedHashMap} keeps its order by a serializer of its own
 * ({@link GuardedKryo}). What Java serialization writes is read back once at save, through the
 * allow-list: a value that saves loads.
 */
final class ClassRules {

    /** JDK classes written by their own Java serialization: Kryo cannot see the state they rebuild. */
    private static final Set<String> JDK_BY_JAVA_SERIALIZATION = Set.of("java.util.Collections$SetFromMap",
            "java.util.concurrent.ConcurrentSkipListSet", "java.util.Random");

    private ClassRules() {
    }

    /** The serializer for {@code type} if it needs one other than Kryo's default, else {@code null}. */
    static Serializer<?> serializerFor(Class<?> type) {
        if (type.isHidden() || type.isSynthetic() && type.getName().contains("$$Lambda")) {
            return new Refusal(type, "a lambda or another class generated at run time, which has no name it could be "
                    + "created again by; return a value instead of behaviour");
        }
        if (DeclaredTypes.isPlatform(type)) {
            return JDK_BY_JAVA_SERIALIZATION.contains(type.getName()) ? new ByJavaSerialization() : null;
        }
        if (type.isEnum() || Enum.class.isAssignableFrom(type) || type.isRecord() || type.isArray()) {
            return null;
        }
        if (holdsSyntheticFields(type)) {
            return new Refusal(type, "an inner, local or anonymous class, whose enclosing instance and captured "
                    + "variables would be lost; make it a static nested or top-level class");
        }
        boolean serializable = Serializable.class.isAssignableFrom(type);
        if (Externalizable.class.isAssignableFrom(type) || hasSerializationHooks(type)) {
            return serializable ? new ByJavaSerialization() : new Refusal(type, "a class with serialization hooks "
                    + "(readObject, readResolve…) that is not Serializable");
        }
        Class<?> jdkContainer = jdkContainerSuperclass(type);
        if (jdkContainer != null && (!DeclaredTypes.ownInstanceFields(type).isEmpty() || !hasNoArgConstructor(type))) {
            return serializable ? new ByJavaSerialization() : new Refusal(type, "a " + jdkContainer.getName()
                    + " subclass with fields of its own or no no-arg constructor, whose state Kryo would not "
                    + "write; make it Serializable, or return a record holding the collection");
        }
        return null;
    }

    /**
     * Whether an inner, local or anonymous class holds what the compiler added: its enclosing
     * instance ({@code this$0}) or captured variables ({@code val$x}), which Kryo leaves out.
     */
    private static boolean holdsSyntheticFields(Class<?> type) {
        return DeclaredTypes.ownInstanceFields(type).stream().anyMatch(Field::isSynthetic);
    }

    /**
     * A JDK class Kryo has no serializer of its own for: written by its Java serialization if it is
     * {@code Serializable} (its serial form is what the JDK promises to read back), refused if not
     * (its fields are the JDK's, closed to reflection, with invariants its constructors keep).
     */
    static Serializer<?> forUnvettedJdkClass(Class<?> type) {
        return Serializable.class.isAssignableFrom(type) ? new ByJavaSerialization()
                : new Refusal(type, "a JDK class that is not Serializable and has no serializer of Kryo's own, whose "
                        + "state BinaryCache cannot write faithfully; return a plain value holding what you need");
    }

    /** Whether a class below the JDK's defines a hook Java serialization calls. */
    private static boolean hasSerializationHooks(Class<?> type) {
        for (Class<?> current = type; current != null && !DeclaredTypes.isPlatform(current);
             current = current.getSuperclass()) {
            for (Method method : current.getDeclaredMethods()) {
                if (!Modifier.isStatic(method.getModifiers()) && isSerializationHook(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A method with the name and signature Java serialization calls (a {@code readObject(String)} helper is not one). */
    private static boolean isSerializationHook(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        return switch (method.getName()) {
            case "writeObject" -> parameters.length == 1 && parameters[0] == java.io.ObjectOutputStream.class;
            case "readObject" -> parameters.length == 1 && parameters[0] == java.io.ObjectInputStream.class;
            case "readObjectNoData" -> parameters.length == 0 && method.getReturnType() == void.class;
            case "writeReplace", "readResolve" -> parameters.length == 0 && method.getReturnType() == Object.class;
            default -> false;
        };
    }

    private static final ClassValue<Boolean> RESOLVES_ITSELF = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> current = type; current != null; current = current.getSuperclass()) {
                for (Method method : current.getDeclaredMethods()) {
                    if (!Modifier.isStatic(method.getModifiers()) && method.getName().equals("readResolve")
                            && isSerializationHook(method)) {
                        return true;
                    }
                }
            }
            return false;
        }
    };

    /** Whether Java serialization gives back an instance of {@code type} through its {@code readResolve}. */
    static boolean resolvesItself(Class<?> type) {
        return RESOLVES_ITSELF.get(type);
    }

    /** The JDK collection or map class {@code type} extends, or {@code null}. */
    private static Class<?> jdkContainerSuperclass(Class<?> type) {
        if (!Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type)) {
            return null;
        }
        Class<?> current = DeclaredTypes.firstJdkSuperclass(type);
        return current == null || current == Object.class ? null : current;
    }

    private static boolean hasNoArgConstructor(Class<?> type) {
        try {
            type.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Refuses a class at save, naming it and why; a file that claims one is refused too. */
    static final class Refusal extends Serializer<Object> {
        private final String message;

        Refusal(Class<?> type, String why) {
            this.message = "a " + type.getName() + ", " + why;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new KryoException(message);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw new KryoException(message);
        }
    }

    /**
     * An object written by its own Java serialization, as a length and the bytes, and read back with
     * the allow-list of the read as the stream's filter. Writing reads the bytes back once, with
     * the allow-list of the fixture's declared type, so what is stored can be loaded.
     */
    static final class ByJavaSerialization extends Serializer<Object> {

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            byte[] bytes;
            java.util.function.Consumer<Object> parts = GuardedKryo.javaPartOf(kryo, object);
            try (ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                 ObjectOutputStream out = new ObjectOutputStream(buffer) {
                     {
                         enableReplaceObject(parts != null);
                     }

                     @Override
                     protected Object replaceObject(Object part) {
                         parts.accept(part);
                         return part;
                     }
                 }) {
                out.writeObject(object);
                out.flush();
                bytes = buffer.toByteArray();
            } catch (IOException | RuntimeException e) {
                // Not the storage's failure but the value's: no IOException as the cause.
                KryoException refused = new KryoException("a " + object.getClass().getName() + " that its own Java "
                        + "serialization could not write (" + e + ")");
                refused.addSuppressed(e);
                throw refused;
            }
            DeserializationAllowList allowList = GuardedKryo.allowList(kryo);
            if (allowList != null) {
                read(kryo, bytes, allowList.forBytes(bytes.length));
            }
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            int length = input.readVarInt(true);
            GuardedKryo.checkCount(kryo, length, "a Java-serialized object");
            DeserializationAllowList allowList = GuardedKryo.allowList(kryo);
            return read(kryo, input.readBytes(length), allowList == null ? null : allowList.forBytes(length));
        }

        private static Object read(Kryo kryo, byte[] bytes, DeserializationAllowList filter) {
            ClassLoader loader = kryo.getClassLoader();
            try (ObjectInputStream in = new GuardedObjectInputStream(new ByteArrayInputStream(bytes), loader, filter)) {
                return in.readObject();
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                String rejected = filter == null ? null : filter.rejection().orElse(null);
                KryoException refused = new KryoException(rejected != null ? rejected
                        : "an object its own Java serialization could not read back (" + e + ")");
                refused.addSuppressed(e);
                throw refused;
            }
        }
    }
}
