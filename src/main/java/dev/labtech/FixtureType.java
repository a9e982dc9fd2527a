package dev.labtech;

import dev.labtech.cache.Cache;
import dev.labtech.internal.fingerprint.ArgumentClasses;
import dev.labtech.internal.fingerprint.CodeFingerprints;
import dev.labtech.internal.fingerprint.FileDigests;
import dev.labtech.junit.LabtechCached;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A fixture interface, checked once: which methods are cached, with which version and cache, and
 * how to run each default method on a proxy.
 *
 * <p>This is the one place the engine reads {@link LabtechCached}: the annotation is how fixtures
 * are declared, in and outside JUnit, so the engine depends on it; it never depends on the
 * extension, nor on any JUnit class, so a program without JUnit on its classpath can use it.
 */
final class FixtureType {

    private record Cached(String version, Cache cache, List<String> inputs) {
    }

    private final Class<?> type;
    private final Invalidation invalidation;
    /** Per method and set of argument classes: most calls of a fixture share one. */
    private final Map<List<Object>, CodeFingerprints.Fingerprint> fingerprints = new ConcurrentHashMap<>();
    private final Map<Method, Cached> cached;
    private final Map<Method, MethodHandle> bodies;

    private FixtureType(Class<?> type, Map<Method, Cached> cached, Map<Method, MethodHandle> bodies,
                        Invalidation invalidation) {
        this.type = type;
        this.cached = cached;
        this.bodies = bodies;
        this.invalidation = invalidation;
    }

    /** Whether {@code type} is an interface with at least one {@code @LabtechCached} method. */
    static boolean isFixtureInterface(Class<?> type) {
        if (!type.isInterface() || type.isAnnotation()) {
            return false;
        }
        for (Method method : type.getMethods()) {
            if (cachedAnnotation(method).isPresent()) {
                return true;
            }
        }
        return false;
    }

    static FixtureType of(Class<?> type, Function<Class<? extends Cache>, Cache> caches, Invalidation invalidation) {
        if (!type.isInterface()) {
            throw new LabtechException("Fixtures must be declared in an interface, but " + type.getName() + " is a class");
        }
        Map<Method, Cached> cached = new HashMap<>();
        Map<Method, MethodHandle> bodies = new HashMap<>();
        for (Method method : type.getMethods()) {
            Optional<LabtechCached> annotation = cachedAnnotation(method);
            if (annotation.isPresent()) {
                if (!method.isDefault()) {
                    throw new LabtechException("@LabtechCached method " + name(method)
                            + " must be a default method, but it is "
                            + (Modifier.isStatic(method.getModifiers()) ? "static" : "abstract"));
                }
                Class<?> singleUse = singleUse(method.getReturnType());
                if (singleUse != null) {
                    throw new LabtechException("@LabtechCached method " + name(method) + " returns a "
                            + method.getReturnType().getName() + ", which can be used only once: a cached result is "
                            + "handed to every caller, and the second would find it " + (singleUse == java.util.Iterator.class
                            || singleUse == java.util.Spliterator.class ? "used up" : "already read or closed")
                            + ". Return the data (a List, a byte[], a record) and open the "
                            + method.getReturnType().getSimpleName() + " where it is used");
                }
                Cache cache;
                try {
                    cache = caches.apply(annotation.get().cache());
                } catch (LabtechException e) {
                    throw new LabtechException("@LabtechCached method " + name(method) + " names cache "
                            + annotation.get().cache().getName() + ", which cannot be created: " + e.getMessage(), e);
                }
                cached.put(method, new Cached(annotation.get().version(), cache, List.of(annotation.get().inputs())));
            }
            if (method.isDefault()) {
                bodies.put(method, body(method));
            }
        }
        return new FixtureType(type, Map.copyOf(cached), Map.copyOf(bodies), invalidation);
    }

    /** What {@link #warmUp} reads: a fixture interface of one cached default method, as users write them. */
    private interface WarmUp {
        @LabtechCached
        default int value(int count) {
            return count;
        }
    }

    /**
     * Reads a fixture interface of labtech's own and makes a proxy of it, so that a new JVM's first
     * {@code lab.fixtures(...)} finds {@link LabtechCached}'s annotation type parsed (about 10 ms
     * the first time in a JVM) and the proxy and method-handle machinery loaded. Never fails.
     */
    static void warmUp() {
        try {
            of(WarmUp.class, cache -> null, Invalidation.CODE).newProxy(null, null).hashCode();
        } catch (RuntimeException | LinkageError e) {
            // The first call loads them instead.
        }
    }

    /** Types whose instances are used up by one reader: a cached one would fail every caller after the first. */
    private static final List<Class<?>> SINGLE_USE = List.of(java.util.stream.BaseStream.class, java.util.Iterator.class,
            java.util.Spliterator.class, java.io.InputStream.class, java.io.Reader.class);

    /** The single-use type {@code type} is or extends, or {@code null}. */
    private static Class<?> singleUse(Class<?> type) {
        for (Class<?> single : SINGLE_USE) {
            if (single.isAssignableFrom(type)) {
                return single;
            }
        }
        return null;
    }

    Object newProxy(Lab lab, CallListener listener) {
        InvocationHandler handler = (proxy, method, arguments) -> invoke(lab, listener, proxy, method, arguments);
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private Object invoke(Lab lab, CallListener listener, Object proxy, Method method, Object[] arguments)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == arguments[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "labtech fixtures " + type.getName();
            };
        }
        MethodHandle body = bodies.get(method);
        if (body == null) {
            throw new LabtechException(name(method) + " is abstract: a labtech fixture proxy can only run default methods");
        }
        Object[] args = arguments == null ? new Object[0] : arguments;
        Cached settings = cached.get(method);
        if (settings == null) {
            return invokeBody(body, proxy, args);
        }
        Task task = new Task(type, method, args, settings.version(), () -> identity(method, args, settings),
                !settings.inputs().isEmpty());
        return lab.call(task, settings.cache(), () -> invokeBody(body, proxy, args), listener);
    }

    /**
     * What a stored call gets now: its key, the version, return type and identity (code, inputs)
     * in force, and the key text (or canonical call) the key hashes.
     */
    record Current(String key, String version, String returnType, CallIdentity identity, String keyText) {
    }

    /**
     * The key {@code stored} (a call read from an entry) would get now, with the version, cache,
     * inputs, code and file contents in force, worked out from its canonical form without
     * rebuilding its arguments; empty if its method is no longer a cached fixture of this
     * interface, or its cache does not say how it makes keys.
     */
    Optional<Current> currentKey(dev.labtech.cache.Serializer.StoredTask stored, dev.labtech.cache.Serializer serializer) {
        Optional<Method> found = stored.methodOf(type);
        Cached settings = found.map(cached::get).orElse(null);
        if (settings == null) {
            return Optional.empty();
        }
        Method method = found.get();
        String returnType = method.getGenericReturnType().getTypeName();
        CallIdentity now = identity(method, stored.argumentClasses(), settings);
        String keyText = serializer.keyText(stored, settings.version(), now, returnType);
        return settings.cache().keyFor(Task.typeName(type, method), keyText)
                .map(key -> new Current(key, settings.version(), returnType, now, keyText));
    }

    /**
     * The call's code fingerprint (worked out once per method and set of argument classes: the
     * runtime class of an argument is code the result depends on) and the digests of its declared
     * inputs (paths relative to the working directory, {@code classpath:} resources through the
     * fixture's class loader).
     */
    private CallIdentity identity(Method method, Object[] arguments, Cached settings) {
        return identity(method, invalidation == Invalidation.CODE ? ArgumentClasses.of(Arrays.asList(arguments))
                : new java.util.TreeSet<>(), settings);
    }

    private CallIdentity identity(Method method, SortedSet<String> argumentClasses, Cached settings) {
        CodeFingerprints.Fingerprint code = null;
        if (invalidation == Invalidation.CODE) {
            code = fingerprints.computeIfAbsent(List.of(method, argumentClasses),
                    key -> CodeFingerprints.of(type, method, argumentClasses));
        }
        SortedMap<String, String> inputs = new TreeMap<>();
        for (String input : settings.inputs()) {
            if (input.startsWith("classpath:")) {
                String resource = input.substring("classpath:".length()).replaceFirst("^/+", "");
                ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
                java.net.URL url = loader.getResource(resource);
                inputs.put(input, url == null ? FileDigests.MISSING : FileDigests.of(url));
            } else {
                inputs.put(input, FileDigests.of(Path.of(input)));
            }
        }
        return code == null ? new CallIdentity(null, new TreeMap<>(), new TreeSet<>(), inputs)
                : new CallIdentity(code.hash(), code.classes(), code.libraries(), inputs, argumentClasses);
    }

    private static Object invokeBody(MethodHandle body, Object proxy, Object[] arguments) throws Throwable {
        Object[] receiverAndArguments = new Object[arguments.length + 1];
        receiverAndArguments[0] = proxy;
        System.arraycopy(arguments, 0, receiverAndArguments, 1, arguments.length);
        return body.invokeWithArguments(receiverAndArguments);
    }

    private static MethodHandle body(Method method) {
        Class<?> declaring = method.getDeclaringClass();
        try {
            // InvocationHandler.invokeDefault refuses non-public interfaces; a private lookup in the
            // declaring interface works for every interface the caller's module can read.
            // Fixed arity: the proxy hands a varargs parameter over as the array it already is.
            return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup()).unreflectSpecial(method, declaring)
                    .asFixedArity();
        } catch (IllegalAccessException e) {
            throw new LabtechException("Cannot call the default method " + name(method) + ": " + e.getMessage(), e);
        }
    }

    /** {@code @LabtechCached} on {@code method}, directly or as a meta-annotation of one of its annotations. */
    static Optional<LabtechCached> cachedAnnotation(Method method) {
        return find(method.getDeclaredAnnotations(), new HashSet<>());
    }

    private static Optional<LabtechCached> find(Annotation[] annotations, Set<Class<?>> seen) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof LabtechCached cached) {
                return Optional.of(cached);
            }
        }
        for (Annotation annotation : annotations) {
            Class<?> type = annotation.annotationType();
            if (!type.getName().startsWith("java.lang.annotation.") && seen.add(type)) {
                Optional<LabtechCached> meta = find(type.getDeclaredAnnotations(), seen);
                if (meta.isPresent()) {
                    return meta;
                }
            }
        }
        return Optional.empty();
    }

    private static String name(Method method) {
        return method.getDeclaringClass().getSimpleName() + "#" + method.getName();
    }
}
