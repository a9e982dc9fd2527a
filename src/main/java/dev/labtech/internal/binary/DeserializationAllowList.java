package dev.labtech.internal.binary;

import dev.labtech.internal.DeclaredTypes;
import java.io.ObjectInputFilter;
import java.lang.reflect.Type;
import java.util.BitSet;
import java.util.Optional;
import java.util.Set;

/**
 * The classes a fixture can return, and the limits a file of a given size implies, as an
 * {@link ObjectInputFilter} for Java deserialization.
 *
 * <p>A class may be deserialized if it is
 * <ul>
 *   <li>a primitive, an array of an allowed class, or {@code Object[]} (whose elements are
 *       checked one by one);</li>
 *   <li>a plain JDK value or container: strings and boxes, {@code java.math}, {@code java.time},
 *       the {@code java.util} and {@code java.util.concurrent} collections and maps, {@code UUID},
 *       {@code Locale}, {@code BitSet}, {@code URI}, {@code File}, the atomic numbers (see
 *       {@link #JDK_VALUES}); or</li>
 *   <li>one of your classes that is, or is a subtype of, a class named in the fixture method's
 *       declared return type, or in the declared types of those classes' fields, followed
 *       recursively (generic type arguments included); or</li>
 *   <li>with {@link #forTypeAndProjectClasses}, a class your project compiled itself (loaded from a
 *       class directory, not a jar).</li>
 * </ul>
 * Everything else, in particular library classes that nothing in the return type names (the usual
 * deserialization gadgets) and {@code SerializedLambda}, is rejected before it is instantiated.
 *
 * <p>And a file of {@code n} bytes cannot hold more than {@code n} objects or an array of more
 * than {@code n} elements, so larger counts are rejected before anything is allocated; nesting is
 * limited to {@value #MAX_DEPTH} levels; and below a hash-based set or map, shared references at
 * more than {@value #MAX_SHARED_LEVELS} nesting levels are rejected, since hashing such a graph
 * takes time exponential in those levels (the "nested HashSet" denial of service).
 */
public final class DeserializationAllowList implements ObjectInputFilter {

    /** Deeper nesting is rejected: it is a hostile file, or would overflow the stack anyway. */
    static final int MAX_DEPTH = 500;

    /** Levels with shared references below a hash-based container; each level can double the hashing. */
    static final int MAX_SHARED_LEVELS = 16;

    /** JDK classes a result may hold: values, containers and what they are serialized as. */
    private static final Set<String> JDK_VALUES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Enum", "java.lang.String$CaseInsensitiveComparator",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Vector",
            "java.util.Stack", "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.Hashtable", "java.util.IdentityHashMap", "java.util.EnumMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet",
            "java.util.EnumSet$SerializationProxy", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.BitSet", "java.util.UUID", "java.util.Locale",
            "java.util.Date", "java.util.Currency", "java.util.Optional", "java.util.OptionalInt",
            "java.util.OptionalLong", "java.util.OptionalDouble", "java.util.CollSer", "java.util.Arrays$ArrayList",
            "java.util.Map$Entry", "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.Comparators$NaturalOrderComparator",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment",
            // the serial form of a ConcurrentHashMap's segments
            "java.util.concurrent.locks.ReentrantLock", "java.util.concurrent.locks.ReentrantLock$Sync",
            "java.util.concurrent.locks.ReentrantLock$NonfairSync",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractOwnableSynchronizer",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicIntegerArray",
            "java.util.concurrent.atomic.AtomicLongArray",
            "java.util.Random", "java.util.regex.Pattern",
            "java.net.URI", "java.io.File");

    /** Nested classes of these are the JDK's own views and serial forms of collections. */
    private static final String[] JDK_VALUE_PREFIXES = {
        "java.util.Collections$", "java.util.ImmutableCollections$", "java.time.",
    };

    private static final Set<String> HASHED = Set.of("java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.Hashtable",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArraySet");

    private final Set<Class<?>> declared;
    private final long maxCount;
    private final java.util.Map<Class<?>, Boolean> decisions = new java.util.IdentityHashMap<>();
    private Class<?> lastAllowed;
    /** The depth of the outermost hash-based container being read, or {@code -1}. */
    private long hashedDepth = -1;
    /** Levels below it where shared (back-referenced) objects were read. */
    private final BitSet sharedLevels = new BitSet();
    /** The depth of a handle lookup not yet known to be a back reference or the class of a new object. */
    private long pendingDepth = -1;
    private volatile String rejection;

    private final boolean trustProjectClasses;

    private DeserializationAllowList(Set<Class<?>> declared, long maxCount, boolean trustProjectClasses) {
        this.declared = declared;
        this.maxCount = maxCount;
        this.trustProjectClasses = trustProjectClasses;
    }

    /**
     * The filter for results of a fixture declared to return {@code returnType}, read from a file of
     * {@code fileBytes} bytes ({@code -1} if unknown: then only the nesting limits apply).
     */
    public static DeserializationAllowList forType(Type returnType, long fileBytes) {
        return new DeserializationAllowList(DeclaredTypes.reachableFrom(returnType),
                fileBytes < 0 ? Integer.MAX_VALUE : fileBytes, false);
    }

    /**
     * {@link #forType}, also allowing every class the project compiled itself: for formats that
     * set fields directly and run none of a class's reading code (no {@code readObject}), where a
     * field declared {@code Object} may hold any of your classes.
     */
    public static DeserializationAllowList forTypeAndProjectClasses(Type returnType, long fileBytes) {
        return new DeserializationAllowList(DeclaredTypes.reachableFrom(returnType),
                fileBytes < 0 ? Integer.MAX_VALUE : fileBytes, true);
    }

    /** The same classes, as a new filter for one stream of {@code bytes} bytes. */
    DeserializationAllowList forBytes(long bytes) {
        return new DeserializationAllowList(declared, bytes, trustProjectClasses);
    }

    /** What hashing the objects read may cost; made at the first object. */
    private HashingWork hashing;

    /**
     * Checks an object just read and complete, before the set or map reading it hashes it (Java
     * serialization rebuilds them as it reads): one whose hashing would walk far more parts than
     * its file could describe, such as a chain of lists each holding the next twice, is refused.
     *
     * @throws java.io.InvalidObjectException naming it
     */
    public void completed(Object object) throws java.io.InvalidObjectException {
        if (hashing == null) {
            hashing = new HashingWork(maxCount == Integer.MAX_VALUE ? -1 : maxCount);
        }
        try {
            hashing.check(object);
        } catch (IllegalStateException e) {
            rejection = e.getMessage();
            throw new java.io.InvalidObjectException(e.getMessage());
        }
    }

    /** Whether {@code clazz} may be deserialized; decided once per class. */
    public boolean allows(Class<?> clazz) {
        if (clazz == lastAllowed) {
            return true;
        }
        Boolean decided = decisions.get(clazz);
        if (decided == null) {
            decided = decide(clazz);
            decisions.put(clazz, decided);
        }
        if (decided) {
            lastAllowed = clazz;
        }
        return decided;
    }

    private boolean decide(Class<?> clazz) {
        boolean array = clazz.isArray();
        while (clazz.isArray()) {
            clazz = clazz.getComponentType();
        }
        // Collections read their contents into an Object[]; each element is checked on its own.
        if (clazz.isPrimitive() || isJdkValue(clazz) || (array && clazz == Object.class)) {
            return true;
        }
        if (DeclaredTypes.isPlatform(clazz)) {
            return false;
        }
        for (Class<?> type : declared) {
            if (type.isAssignableFrom(clazz)) {
                // Where a file's class names may come from (see mayLoad): the declared classes, the
                // project's own, and the jars of declared classes.
                return declared.contains(clazz) || isProjectClass(clazz) || declaredJars().contains(location(clazz));
            }
        }
        return trustProjectClasses && isProjectClass(clazz);
    }

    private static String location(Class<?> clazz) {
        try {
            java.security.CodeSource source = clazz.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? "" : source.getLocation().toString();
        } catch (SecurityException e) {
            return "";
        }
    }

    /**
     * Whether {@code clazz} was compiled by the project itself (loaded from a class directory, such
     * as {@code target/test-classes}, not from a jar): a field declared {@code Object} may hold one
     * of your own classes, while the classes deserialization attacks abuse live in library jars.
     */
    private static boolean isProjectClass(Class<?> clazz) {
        try {
            java.security.CodeSource source = clazz.getProtectionDomain().getCodeSource();
            return source != null && source.getLocation() != null
                    && "file".equals(source.getLocation().getProtocol())
                    && source.getLocation().getPath().endsWith("/");
        } catch (SecurityException e) {
            return false;
        }
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH) {
            return reject("objects nested deeper than " + MAX_DEPTH + " levels");
        }
        if (info.references() > maxCount) {
            return reject("more objects than its " + maxCount + " bytes can hold");
        }
        if (info.arrayLength() > maxCount) {
            return reject("an array of " + info.arrayLength() + " elements, more than its " + maxCount
                    + " bytes can hold");
        }
        Class<?> clazz = info.serialClass();
        if (sharedTooDeepBelowAHash(info.depth(), clazz, info.arrayLength())) {
            return reject("shared references at more than " + MAX_SHARED_LEVELS + " levels below a hash-based set "
                    + "or map, whose hashing would take exponential time");
        }
        if (clazz == null) {
            return Status.UNDECIDED;
        }
        if (allows(clazz)) {
            return Status.ALLOWED;
        }
        return reject("a " + clazz.getName() + ", which is not among the classes the fixture can return");
    }

    /**
     * Counts the levels below the outermost hash-based container being read at which a shared
     * object is read again. The filter sees a handle lookup (no class, no array length) both for a
     * back reference to an object and for the known class of a new object; the next call tells
     * them apart: a new object's own contents come next (deeper, or its array's length at the same
     * depth). A new object with no object fields looks like a back reference; counting it errs on
     * the side of rejecting.
     */
    private synchronized boolean sharedTooDeepBelowAHash(long depth, Class<?> clazz, long arrayLength) {
        if (pendingDepth >= 0) {
            boolean newObject = depth > pendingDepth || (arrayLength >= 0 && depth == pendingDepth);
            if (!newObject && hashedDepth >= 0 && pendingDepth > hashedDepth) {
                sharedLevels.set((int) Math.min(Integer.MAX_VALUE, pendingDepth - hashedDepth));
            }
            pendingDepth = -1;
        }
        if (hashedDepth >= 0 && depth < hashedDepth) {
            hashedDepth = -1;
            sharedLevels.clear();
        }
        if (clazz == null && arrayLength < 0) {
            pendingDepth = depth;
        } else if (hashedDepth < 0 && clazz != null && HASHED.contains(clazz.getName())) {
            hashedDepth = depth;
        }
        return sharedLevels.cardinality() > MAX_SHARED_LEVELS;
    }

    private Status reject(String why) {
        if (rejection == null) {
            rejection = why;
        }
        return Status.REJECTED;
    }

    /** Why this filter rejected the file, if it did: {@code "a com.x.Gadget, which is not among ..."}. */
    public Optional<String> rejection() {
        return Optional.ofNullable(rejection);
    }

    /**
     * Whether a class named {@code name} in a file may be loaded at all (never initialised) to be
     * checked by {@link #allows}: a JDK value class, a class of the declared types, or a class the
     * project compiled itself (found in a class directory, not a jar). Any other name is refused
     * unloaded, so a file cannot make the JVM load a library's or the JDK's other classes.
     */
    public boolean mayLoad(String name, ClassLoader loader) {
        while (name.startsWith("[")) {
            name = name.substring(1);
            if (name.length() == 1) {
                return "ZBCSIJFD".contains(name); // an array of primitives
            }
            if (name.startsWith("L") && name.endsWith(";")) {
                name = name.substring(1, name.length() - 1);
            }
        }
        if (isJdkValueName(name) || name.equals("java.lang.Object")) {
            return true;
        }
        for (Class<?> type : declared) {
            if (type.getName().equals(name)) {
                return true;
            }
        }
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.") || name.contains("/") || name.isEmpty()) {
            return false;
        }
        java.net.URL resource = loader == null ? null : loader.getResource(name.replace('.', '/') + ".class");
        if (resource == null) {
            return false;
        }
        if (resource.getProtocol().equals("jar")) {
            // A library's class, from the jar of a declared type (ObjectNode for a declared JsonNode).
            String url = resource.toString();
            int end = url.indexOf("!/");
            return end > 4 && declaredJars().contains(url.substring(4, end));
        }
        if (!"file".equals(resource.getProtocol())) {
            return false;
        }
        String path = resource.getPath();
        String root = path.substring(0, path.length() - (name.length() + ".class".length()));
        return root.endsWith("/") && java.nio.file.Files.isDirectory(java.nio.file.Path.of(java.net.URI.create("file:" + root)));
    }

    private java.util.Set<String> jars;

    /** Where the declared types that come from jars come from, as {@code file:} URLs. */
    private java.util.Set<String> declaredJars() {
        if (jars == null) {
            java.util.Set<String> found = new java.util.HashSet<>();
            for (Class<?> type : declared) {
                String location = location(type);
                if (location.endsWith(".jar")) {
                    found.add(location);
                }
            }
            jars = found;
        }
        return jars;
    }

    /** Records and returns the refusal of a class named in a file that {@link #mayLoad} refused. */
    public java.io.InvalidClassException refuseUnloaded(String name) {
        String why = "a " + name + ", which is not among the classes the fixture can return";
        if (rejection == null) {
            rejection = why;
        }
        return new java.io.InvalidClassException(name, why);
    }

    private static boolean isJdkValue(Class<?> clazz) {
        return isJdkValueName(clazz.getName());
    }

    private static boolean isJdkValueName(String name) {
        if (JDK_VALUES.contains(name)) {
            return true;
        }
        for (String prefix : JDK_VALUE_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "allow-list " + declared + ", at most " + maxCount + " objects";
    }
}
