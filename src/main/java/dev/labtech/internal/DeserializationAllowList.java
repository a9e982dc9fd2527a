package dev.labtech.internal;

import java.io.ObjectInputFilter;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * The classes a fixture can return, as an {@link ObjectInputFilter} for Java deserialization.
 *
 * <p>The rule: a class may be deserialized if it is
 * <ul>
 *   <li>a primitive, an array of an allowed class, or {@code Object[]} (whose elements are
 *       checked one by one);</li>
 *   <li>a plain JDK value or container: {@code java.lang} boxes, {@code String} and enums,
 *       {@code java.math}, {@code java.time}, {@code java.util} and {@code java.util.concurrent}
 *       collections, {@code java.net.URI}, {@code java.io.File}; or</li>
 *   <li>one of your classes that is, or is a subtype of, a class named in the fixture method's
 *       declared return type, or in the declared types of those classes' fields, followed
 *       recursively (generic type arguments included).</li>
 * </ul>
 * Everything else, in particular library classes that nothing in the return type names (the usual
 * deserialization gadgets) and {@code SerializedLambda}, is rejected before it is instantiated.
 */
public final class DeserializationAllowList implements ObjectInputFilter {

    private final Set<Class<?>> declared;
    private volatile Class<?> rejected;

    private DeserializationAllowList(Set<Class<?>> declared) {
        this.declared = declared;
    }

    /** The filter for results of a fixture declared to return {@code returnType}. */
    public static DeserializationAllowList forType(Type returnType) {
        return new DeserializationAllowList(DeclaredTypes.reachableFrom(returnType));
    }

    /** Whether {@code clazz} may be deserialized. */
    public boolean allows(Class<?> clazz) {
        boolean array = clazz.isArray();
        while (clazz.isArray()) {
            clazz = clazz.getComponentType();
        }
        // Collections read their contents into an Object[]; each element is checked on its own.
        if (clazz.isPrimitive() || isSafePlatformValue(clazz) || (array && clazz == Object.class)) {
            return true;
        }
        if (DeclaredTypes.isPlatform(clazz)) {
            return false;
        }
        for (Class<?> type : declared) {
            if (type.isAssignableFrom(clazz)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> clazz = info.serialClass();
        if (clazz == null) {
            return Status.UNDECIDED;
        }
        if (allows(clazz)) {
            return Status.ALLOWED;
        }
        rejected = clazz;
        return Status.REJECTED;
    }

    /** The last class this filter rejected, if any; for error messages. */
    public java.util.Optional<Class<?>> rejected() {
        return java.util.Optional.ofNullable(rejected);
    }

    private static boolean isSafePlatformValue(Class<?> clazz) {
        String name = clazz.getName();
        String pkg = clazz.getPackageName();
        if (pkg.equals("java.lang")) {
            return clazz == String.class || clazz == Boolean.class || clazz == Character.class
                    || Number.class.isAssignableFrom(clazz) || clazz == Enum.class || clazz == Number.class
                    || clazz.isEnum() || clazz == Record.class;
        }
        return pkg.equals("java.math") || pkg.equals("java.time") || pkg.startsWith("java.time.")
                || pkg.equals("java.util") || pkg.equals("java.util.concurrent")
                || pkg.equals("java.util.concurrent.atomic")
                || name.equals("java.net.URI") || name.equals("java.io.File");
    }

    @Override
    public String toString() {
        return "allow-list " + declared;
    }
}
