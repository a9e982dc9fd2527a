package dev.labtech;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One call of a cached fixture method: the fixture interface, the method, its arguments and the
 * fixture's version.
 *
 * <p>This is what labtech calls a task. Its cache key is derived from a canonical JSON form of all
 * its parts (see {@link dev.labtech.cache.Serializer}), so equal calls share one cached result.
 *
 * <p>The fixture interface is the one the proxy was made for, which may inherit the method from
 * another interface: {@code Tripled.total(10)} and {@code Doubled.total(10)} are different calls
 * when both inherit {@code total} from {@code Base}, since each may override what {@code total}
 * calls.
 *
 * @since 0.1.0
 */
public final class Task {

    private final Class<?> fixtureType;
    private final Method method;
    private final List<Object> arguments;
    private final String version;
    private final java.util.function.Supplier<CallIdentity> identitySource;
    private volatile CallIdentity identity;
    private final boolean readsInputs;
    private int hash;

    /**
     * A call of {@code method} on a proxy of the interface that declares it.
     *
     * @param method    the fixture method, declared by an interface
     * @param arguments the call's arguments ({@code null} for none)
     * @param version   the {@code @LabtechCached(version)} in force, {@code ""} if none
     */
    public Task(Method method, Object[] arguments, String version) {
        this(Objects.requireNonNull(method, "method").getDeclaringClass(), method, arguments, version);
    }

    /**
     * A call of {@code method} on a proxy of {@code fixtureType}.
     *
     * @param fixtureType the interface the proxy was made for: the method's declaring interface or
     *                    one extending it
     * @param method      the fixture method
     * @param arguments   the call's arguments ({@code null} for none)
     * @param version     the {@code @LabtechCached(version)} in force, {@code ""} if none
     * @since 0.1.0
     */
    public Task(Class<?> fixtureType, Method method, Object[] arguments, String version) {
        this(fixtureType, method, arguments, version, () -> CallIdentity.NONE, false);
    }

    /**
     * A call whose identity (code fingerprint, input digests) is worked out when first asked for;
     * {@code readsInputs} when the fixture declares input files, whose content may change between
     * two equal calls.
     */
    Task(Class<?> fixtureType, Method method, Object[] arguments, String version,
         java.util.function.Supplier<CallIdentity> identity, boolean readsInputs) {
        this.identitySource = Objects.requireNonNull(identity, "identity");
        this.readsInputs = readsInputs;
        this.fixtureType = Objects.requireNonNull(fixtureType, "fixtureType");
        this.method = Objects.requireNonNull(method, "method");
        if (!method.getDeclaringClass().isAssignableFrom(fixtureType)) {
            throw new IllegalArgumentException(fixtureType.getName() + " does not have the method " + method);
        }
        this.arguments = arguments == null
                ? List.of()
                : Collections.unmodifiableList(new ArrayList<>(Arrays.asList(arguments)));
        this.version = Objects.requireNonNull(version, "version");
        if (this.arguments.size() != method.getParameterCount()) {
            throw new IllegalArgumentException(fixtureName() + " takes " + method.getParameterCount()
                    + " arguments, but " + this.arguments.size() + " were given");
        }
    }

    /** The fixture method. */
    public Method method() {
        return method;
    }

    /** The fixture interface: the one the proxy was made for, which declares or inherits the method. */
    public Class<?> fixtureType() {
        return fixtureType;
    }

    /** The arguments of the call, in parameter order; may contain {@code null}. */
    public List<Object> arguments() {
        return arguments;
    }

    /**
     * What besides the arguments decides this call's key: the fixture's code and the content of its
     * declared inputs. Worked out on first use (a call found in memory never needs it).
     */
    public CallIdentity identity() {
        CallIdentity known = identity;
        if (known == null) {
            known = identitySource.get();
            identity = known;
        }
        return known;
    }

    /** The fixture's version; changing it invalidates earlier results. */
    public String version() {
        return version;
    }

    /**
     * Whether equal calls are exactly those whose arguments are equal: every argument is null, a
     * string, a boxed primitive or an enum constant, whose {@code equals} agrees with the typed
     * cache key (equal values of one class), and the fixture declares no input files (whose
     * content joins the key and may change between two equal calls). Such a call can be found in
     * memory by the call itself, without building its key.
     */
    public boolean comparesByValue() {
        if (readsInputs) {
            return false;
        }
        for (Object argument : arguments) {
            if (argument != null && !(argument instanceof String || argument instanceof Integer
                    || argument instanceof Long || argument instanceof Double || argument instanceof Boolean
                    || argument instanceof Float || argument instanceof Short || argument instanceof Byte
                    || argument instanceof Character || argument instanceof Enum<?>)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code "iris", 10, 2.0}: the arguments as people read them, each abbreviated to
     * {@code maxArgumentLength} characters.
     */
    public String describeArguments(int maxArgumentLength) {
        java.lang.reflect.Type[] types = method.getGenericParameterTypes();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            String argument;
            try {
                argument = dev.labtech.internal.canonical.CanonicalJson.toString(arguments.get(i), types[i],
                        dev.labtech.internal.canonical.CanonicalJson.Form.DISPLAY);
            } catch (RuntimeException e) {
                argument = String.valueOf(arguments.get(i));
            }
            if (i > 0) {
                text.append(", ");
            }
            text.append(argument.length() <= maxArgumentLength ? argument
                    : argument.substring(0, Math.max(0, maxArgumentLength - 1)) + "…");
        }
        return text.toString();
    }

    /** {@code ModelFixtures#model("iris", 10)}: the call as logs and reports show it. */
    public String describe() {
        return fixtureName() + "(" + describeArguments(40) + ")";
    }

    /** {@code ModelFixtures#model}: the fixture this call belongs to. */
    public String fixtureName() {
        return fixtureType().getSimpleName() + "#" + method.getName();
    }

    /**
     * The type part of the cache key, {@code ModelFixtures-model}: only {@code [A-Za-z0-9_-]}, so it
     * is a valid storage key on every file system.
     */
    public String typeName() {
        return typeName(fixtureType, method);
    }

    static String typeName(Class<?> fixtureType, Method method) {
        return (fixtureType.getSimpleName() + "-" + method.getName()).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Task task && method.equals(task.method) && fixtureType.equals(task.fixtureType)
                && version.equals(task.version))) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            if (!Objects.deepEquals(arguments.get(i), task.arguments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * (31 * method.hashCode() + fixtureType.hashCode()) + version.hashCode();
            for (Object argument : arguments) {
                h = 31 * h + (argument == null ? 0 : argument.getClass().isArray()
                        ? Arrays.deepHashCode(new Object[] {argument}) : argument.hashCode());
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return fixtureName() + arguments;
    }
}
