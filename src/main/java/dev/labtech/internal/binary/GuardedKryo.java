package dev.labtech.internal.binary;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.ReferenceResolver;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.unsafe.UnsafeUtil;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import dev.labtech.internal.DeclaredTypes;
import dev.labtech.internal.JdkWrappers;
import dev.labtech.internal.Kinds;
import java.lang.reflect.Array;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo set up to store any object graph and to read back only what a fixture can return, within
 * the limits a file of a given size implies: the engine of {@link dev.labtech.cache.BinaryCache}.
 *
 * <p>Writing: references on (shared objects and cycles survive), no registration (class names are
 * written), objects built without constructors when they have no no-arg one, primitive arrays
 * copied in bulk. Reading applies the rules of {@link DeserializationAllowList}: a class is
 * checked against the allow-list before anything of it is created; arrays, collections and maps
 * may not claim more elements than the file has bytes; nesting is limited; and shared objects at
 * more than {@value DeserializationAllowList#MAX_SHARED_LEVELS} levels below a hash-based set or
 * map are refused. Violations are {@link KryoException}s naming the rule.
 */
public final class GuardedKryo {

    private static final Pool<Kryo> POOL = new Pool<>(true, false, 16) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private static final Set<String> HASHED = Set.of("java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.Hashtable",
            "java.util.concurrent.ConcurrentHashMap");

    private GuardedKryo() {
    }

    /** Work done with a pooled Kryo. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Kryo kryo) throws Exception;
    }

    /**
     * Thrown while writing without {@code trackEveryObject} when the graph holds an
     * {@link java.util.IdentityHashMap}: its keys may also be elsewhere in the graph, so values
     * (strings, boxes, value records) must keep their identity too. Write again with it.
     */
    public static final class NeedsEveryIdentity extends KryoException {
        private static final long serialVersionUID = 1L;

        NeedsEveryIdentity() {
            super("an IdentityHashMap, which needs every object's identity kept");
        }
    }

    /**
     * Runs {@code work} with a Kryo that writes only classes {@code allowList} allows — what
     * {@link #reading} would refuse is refused when it is written, so no entry is stored that could
     * never be loaded — and, with {@code trackEveryObject}, keeps the identity of every object,
     * values included.
     */
    public static <T> T writing(DeserializationAllowList allowList, boolean trackEveryObject, Work<T> work)
            throws Exception {
        Guard guard = new Guard(allowList, Long.MAX_VALUE);
        guard.trackEveryObject = trackEveryObject;
        guard.writing = true;
        return with(guard, work);
    }

    /**
     * Runs {@code work} with a Kryo that reads only what {@code allowList} allows, within
     * {@code maxCount} objects and elements, of a graph written with or without
     * {@code trackEveryObject}; hash-based and sorted containers are filled by the time it returns.
     */
    public static <T> T reading(DeserializationAllowList allowList, long maxCount, boolean trackEveryObject, Work<T> work)
            throws Exception {
        Guard guard = new Guard(allowList, maxCount);
        guard.trackEveryObject = trackEveryObject;
        T value = with(guard, work);
        guard.finish();
        return value;
    }

    /** Runs {@code work} with a Kryo that writes freely. */
    public static <T> T writing(Work<T> work) throws Exception {
        return with(Guard.UNLIMITED, work);
    }

    private static <T> T with(Guard guard, Work<T> work) throws Exception {
        Kryo kryo = POOL.obtain();
        kryo.getContext().put(Guard.class, guard);
        GuardedReferences references = (GuardedReferences) kryo.getReferenceResolver();
        references.trackEveryObject = guard.trackEveryObject;
        references.guard = guard;
        boolean completed = false;
        try {
            T value = work.run(kryo);
            completed = true;
            return value;
        } finally {
            references.trackEveryObject = false;
            references.guard = Guard.UNLIMITED;
            kryo.getContext().remove(Guard.class);
            kryo.reset();
            if (completed) {
                // After a failure half-way, Kryo's state is not all reset (its generic types stay
                // pushed, and the next graph's elements would be read as the wrong class): a Kryo
                // that failed is dropped, not pooled.
                POOL.free(kryo);
            }
        }
    }

    private static Kryo newKryo() {
        GuardedReferences references = new GuardedReferences();
        Kryo kryo = new Kryo(new GuardedClasses(), references) {
            /** A large list of value records goes column by column ({@link RecordColumns}). */
            @Override
            public void writeClassAndObject(Output output, Object object) {
                super.writeClassAndObject(output, references.columnsFor(object));
            }

            /** Kryo's own collection and map serializers, where it would use them, guarded. */
            @Override
            @SuppressWarnings("rawtypes")
            public Serializer getDefaultSerializer(Class type) {
                Serializer rule = ClassRules.serializerFor(type);
                if (rule != null) {
                    return rule;
                }
                Serializer serializer = super.getDefaultSerializer(type);
                if (serializer.getClass() == CollectionSerializer.class) {
                    return new GuardedCollection();
                }
                if (serializer.getClass() == MapSerializer.class) {
                    return new GuardedMap();
                }
                if (serializer.getClass() == DefaultSerializers.TreeSetSerializer.class) {
                    return new GuardedTreeSet();
                }
                if (serializer.getClass() == DefaultSerializers.TreeMapSerializer.class) {
                    return new GuardedTreeMap();
                }
                return serializer;
            }

            /** What Kryo uses where it has no serializer of its own: the fields, found by reflection. */
            @Override
            @SuppressWarnings("rawtypes")
            protected Serializer newDefaultSerializer(Class type) {
                if (DeclaredTypes.isPlatform(type) && type != Object.class && !type.isRecord() && !type.isArray()) {
                    // A JDK class: its fields are closed to reflection and its constructors and hooks
                    // keep what its fields alone do not; its own Java serialization, or a refusal.
                    return ClassRules.forUnvettedJdkClass(type);
                }
                return super.newDefaultSerializer(type);
            }
        };
        references.kryo = kryo;
        kryo.setRegistrationRequired(false);
        kryo.setWarnUnregisteredClasses(false);
        kryo.setReferences(true);
        kryo.setMaxDepth(DeserializationAllowList.MAX_DEPTH);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        JdkWrappers.addDefaultSerializers(kryo);
        // JDK values whose fields the module system hides: their own serializers.
        kryo.addDefaultSerializer(java.util.UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(java.net.URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(java.util.regex.Pattern.class, new DefaultSerializers.PatternSerializer());
        kryo.addDefaultSerializer(java.nio.charset.Charset.class, new DefaultSerializers.CharsetSerializer());
        kryo.addDefaultSerializer(java.util.concurrent.atomic.AtomicBoolean.class,
                new DefaultSerializers.AtomicBooleanSerializer());
        kryo.addDefaultSerializer(java.util.concurrent.atomic.AtomicInteger.class,
                new DefaultSerializers.AtomicIntegerSerializer());
        kryo.addDefaultSerializer(java.util.concurrent.atomic.AtomicLong.class,
                new DefaultSerializers.AtomicLongSerializer());
        kryo.getRegistration(int[].class).setSerializer(new PrimitiveArray(int.class));
        kryo.getRegistration(long[].class).setSerializer(new PrimitiveArray(long.class));
        kryo.getRegistration(double[].class).setSerializer(new PrimitiveArray(double.class));
        kryo.getRegistration(float[].class).setSerializer(new PrimitiveArray(float.class));
        kryo.getRegistration(short[].class).setSerializer(new PrimitiveArray(short.class));
        kryo.getRegistration(char[].class).setSerializer(new PrimitiveArray(char.class));
        kryo.getRegistration(byte[].class).setSerializer(new PrimitiveArray(byte.class));
        kryo.getRegistration(boolean[].class).setSerializer(new PrimitiveArray(boolean.class));
        kryo.addDefaultSerializer(Object[].class, GuardedObjectArray.class);
        kryo.addDefaultSerializer(RecordColumns.class, new RecordColumns.ColumnsSerializer());
        return kryo;
    }

    private static Guard guard(Kryo kryo) {
        Guard guard = (Guard) kryo.getContext().get(Guard.class);
        return guard != null ? guard : Guard.UNLIMITED;
    }

    /** The allow-list the current write or read applies, {@code null} if none. */
    static DeserializationAllowList allowList(Kryo kryo) {
        return guard(kryo).allowList;
    }

    /**
     * While a guarded write runs: what to tell of each object a part written by Java serialization
     * (rooted at {@code root}) holds, so that an object it shares with the rest of the result, which
     * would come back as two copies, is refused; {@code null} otherwise.
     */
    static java.util.function.Consumer<Object> javaPartOf(Kryo kryo, Object root) {
        Guard guard = guard(kryo);
        if (!guard.writing) {
            return null;
        }
        ReferenceResolver references = kryo.getReferenceResolver();
        return part -> {
            if (part != null && !(part instanceof Class<?>) && !(part instanceof Enum<?>)
                    && references.useReferences(part.getClass()) && !Kinds.isImmutableJdkContainer(part.getClass())
                    && !ClassRules.resolvesItself(part.getClass())) {
                guard.javaPartHolds(root, part, references);
            }
        };
    }

    /**
     * Kryo's input over {@code in}, reading strings no longer than {@code maxBytes} (the file's size)
     * could hold: Kryo itself allocates the {@code char[]} a string's stored length asks for, 4 GB for
     * 17 bytes of a hostile file.
     */
    public static Input input(java.io.InputStream in, int bufferSize, long maxBytes) {
        return new BoundedInput(in, bufferSize, maxBytes);
    }

    /**
     * Kryo's input over a whole file in {@code buffer} (a mapping of it), with the bounds of
     * {@link #input(java.io.InputStream, int, long)}: a large primitive array is one copy, from the
     * buffer into the array, without passing through Kryo's own buffer.
     */
    public static Input input(java.nio.ByteBuffer buffer, long maxBytes) {
        return new MappedInput(buffer, maxBytes);
    }

    private static class BoundedInput extends com.esotericsoftware.kryo.unsafe.UnsafeInput {
        private final long maxBytes;

        BoundedInput(java.io.InputStream in, int bufferSize, long maxBytes) {
            super(in, bufferSize);
            this.maxBytes = maxBytes;
        }

        BoundedInput(int bufferSize, long maxBytes) {
            super(bufferSize);
            this.maxBytes = maxBytes;
        }

        @Override
        public String readString() {
            return readVarIntFlag() ? readNonAscii(this, maxBytes) : super.readString();
        }

        @Override
        public StringBuilder readStringBuilder() {
            String text = readString();
            return text == null ? null : new StringBuilder(text);
        }
    }

    /**
     * Reads from a buffer holding the file: small values through Kryo's buffer, filled from it; a
     * primitive array of {@value #BULK_BYTES} bytes or more straight from it, through a view of the
     * element type (the bytes are in this machine's order, as {@code UnsafeOutput} wrote them).
     */
    private static final class MappedInput extends BoundedInput {
        static final int BULK_BYTES = 1 << 12;

        private final java.nio.ByteBuffer file;

        MappedInput(java.nio.ByteBuffer file, long maxBytes) {
            super(1 << 13, maxBytes);
            this.file = file.duplicate().order(java.nio.ByteOrder.nativeOrder());
        }

        @Override
        protected int fill(byte[] into, int offset, int count) {
            if (count == 0) {
                return 0; // Kryo asks for nothing when its buffer is full up to its end
            }
            int n = Math.min(count, file.remaining());
            if (n == 0) {
                return -1;
            }
            file.get(into, offset, n);
            return n;
        }

        /**
         * The file from where the reader is, {@code bytes} long, the reader moved past it; Kryo's
         * buffer is dropped (what it held is in the view too).
         */
        private java.nio.ByteBuffer take(long bytes) {
            int at = file.position() - (limit - position);
            if (bytes > file.limit() - at) {
                throw new KryoException("Buffer underflow.");
            }
            java.nio.ByteBuffer view = file.duplicate().position(at).limit(at + (int) bytes).slice()
                    .order(java.nio.ByteOrder.nativeOrder());
            total += position;
            position = 0;
            limit = 0;
            file.position(at + (int) bytes);
            return view;
        }

        @Override
        public double[] readDoubles(int length) {
            if ((long) length * Double.BYTES < BULK_BYTES) {
                return super.readDoubles(length);
            }
            double[] array = new double[length];
            take((long) length * Double.BYTES).asDoubleBuffer().get(array);
            return array;
        }

        @Override
        public long[] readLongs(int length) {
            if ((long) length * Long.BYTES < BULK_BYTES) {
                return super.readLongs(length);
            }
            long[] array = new long[length];
            take((long) length * Long.BYTES).asLongBuffer().get(array);
            return array;
        }

        @Override
        public int[] readInts(int length) {
            if ((long) length * Integer.BYTES < BULK_BYTES) {
                return super.readInts(length);
            }
            int[] array = new int[length];
            take((long) length * Integer.BYTES).asIntBuffer().get(array);
            return array;
        }

        @Override
        public float[] readFloats(int length) {
            if ((long) length * Float.BYTES < BULK_BYTES) {
                return super.readFloats(length);
            }
            float[] array = new float[length];
            take((long) length * Float.BYTES).asFloatBuffer().get(array);
            return array;
        }

        @Override
        public short[] readShorts(int length) {
            if ((long) length * Short.BYTES < BULK_BYTES) {
                return super.readShorts(length);
            }
            short[] array = new short[length];
            take((long) length * Short.BYTES).asShortBuffer().get(array);
            return array;
        }

        @Override
        public char[] readChars(int length) {
            if ((long) length * Character.BYTES < BULK_BYTES) {
                return super.readChars(length);
            }
            char[] array = new char[length];
            take((long) length * Character.BYTES).asCharBuffer().get(array);
            return array;
        }

        @Override
        public void readBytes(byte[] bytes, int offset, int count) {
            if (count < BULK_BYTES) {
                super.readBytes(bytes, offset, count);
                return;
            }
            take(count).get(bytes, offset, count);
        }
    }

    /**
     * A string Kryo wrote as characters (not ASCII), its length checked against {@code maxBytes}
     * before its {@code char[]} is allocated.
     */
    private static String readNonAscii(Input input, long maxBytes) {
        int count = input.readVarIntFlag(true);
        if (count == 0) {
            return null;
        }
        count--;
        if (count > maxBytes) {
            throw new KryoException("a string of " + count + " characters, more than its " + maxBytes
                    + " bytes can hold");
        }
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            int b = input.readByte() & 0xFF;
            chars[i] = switch (b >> 4) {
                case 0, 1, 2, 3, 4, 5, 6, 7 -> (char) b;
                case 12, 13 -> (char) ((b & 0x1F) << 6 | input.readByte() & 0x3F);
                case 14 -> (char) ((b & 0x0F) << 12 | (input.readByte() & 0x3F) << 6 | input.readByte() & 0x3F);
                default -> throw new KryoException("a string with a byte Kryo does not write: " + b);
            };
        }
        return new String(chars);
    }

    /**
     * Creates a pooled Kryo and runs a small value through it, so that a new JVM's first load finds
     * Kryo set up (its constructor alone registers some fifty serializers) and its classes loaded.
     * Never fails: what it could not prepare, the first load does.
     */
    public static void warmUp() {
        java.util.List<Object> sample = new java.util.ArrayList<>(java.util.List.of("warm", 1, 2.5, new double[] {1}));
        java.util.ArrayList<WarmUpRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < RecordColumns.MIN_SIZE; i++) {
            records.add(new WarmUpRecord("w" + i, i, i));
        }
        sample.add(records);
        try {
            with(new Guard(null, Long.MAX_VALUE), kryo -> {
                Output output = new com.esotericsoftware.kryo.unsafe.UnsafeOutput(1 << 12, -1);
                kryo.writeClassAndObject(output, sample);
                byte[] bytes = output.toBytes();
                return kryo.readClassAndObject(input(new java.io.ByteArrayInputStream(bytes), 1 << 12, bytes.length));
            });
        } catch (Exception | LinkageError e) {
            // The first load sets Kryo up instead.
        }
    }

    /** What {@link #warmUp} writes as columns, so that their method handles are made before a first load. */
    private record WarmUpRecord(String name, int index, double value) {
    }

    /** Refuses a count of elements the current read's file cannot hold. */
    static void checkCount(Kryo kryo, long count, String what) {
        guard(kryo).checkCount(count, what);
    }

    /** What one read may do. */
    private static final class Guard {

        static final Guard UNLIMITED = new Guard(null, Long.MAX_VALUE);

        final DeserializationAllowList allowList;
        final long maxCount;
        /** Whether every object keeps its identity, values too: what an {@link java.util.IdentityHashMap} needs. */
        boolean trackEveryObject;
        boolean writing;
        /** How many objects were read again (back references) so far, and the fills waiting for the graph's end. */
        long backReferences;
        final java.util.List<Runnable> deferred = new java.util.ArrayList<>();
        int hashedDepth = -1;
        final BitSet sharedLevels = new BitSet();

        /** While writing: each object a part written by Java serialization holds, and that part's root. */
        final Map<Object, Object> inJavaParts = new java.util.IdentityHashMap<>();

        void javaPartHolds(Object root, Object part, ReferenceResolver references) {
            Object other = inJavaParts.putIfAbsent(part, root);
            if (other != null && other != root) {
                throw shared(part, other == part ? root : other);
            }
            if (part != root && references.getWrittenId(part) != -1) {
                throw shared(part, root); // Kryo wrote it before, outside this part
            }
        }

        /** Kryo writes {@code object} itself: refused if a Java-serialized part holds it already. */
        void kryoWrites(Object object) {
            if (!inJavaParts.isEmpty()) {
                Object root = inJavaParts.get(object);
                if (root != null && root != object) {
                    throw shared(object, root);
                }
            }
        }

        private static KryoException shared(Object part, Object root) {
            return new KryoException("a " + part.getClass().getName() + " that a " + root.getClass().getName()
                    + " written by its own Java serialization holds, and so does another part of the result: it "
                    + "would come back as two copies; return the parts apart, or make them one Serializable whole");
        }

        Guard(DeserializationAllowList allowList, long maxCount) {
            this.allowList = allowList;
            this.maxCount = maxCount;
        }

        void checkClass(Class<?> type) {
            if (allowList != null && type != RecordColumns.class && !allowList.allows(type)) {
                throw new KryoException("a " + type.getName() + ", which is not among the classes the fixture can return");
            }
        }

        /** What hashing the values read may cost, within a budget set by the file's size. */
        private HashingWork hashing;

        /** Refuses elements whose hashing would take far more work than the file could describe. */
        void checkHashing(Object[] elements) {
            if (allowList == null || backReferences == 0) {
                // No object read twice yet: the graph is a tree, whose walks the file's size bounds.
                return;
            }
            if (hashing == null) {
                hashing = new HashingWork(maxCount == Integer.MAX_VALUE ? -1 : maxCount);
            }
            try {
                hashing.check(elements);
            } catch (IllegalStateException e) {
                throw new KryoException(e.getMessage());
            }
        }

        void checkCount(long count, String what) {
            if (count < 0 || count > maxCount) {
                throw new KryoException(what + " of " + count + " elements, more than its " + maxCount + " bytes can hold");
            }
        }

        /**
         * Reads a collection or map of {@code type}; while the outermost hash-based one is read,
         * shared references below it are counted for the hash-bomb rule.
         */
        <T> T readContainer(Class<?> type, int depth, java.util.function.Supplier<T> read) {
            if (allowList == null || hashedDepth >= 0 || !HASHED.contains(type.getName())) {
                return read.get();
            }
            hashedDepth = depth;
            try {
                return read.get();
            } finally {
                hashedDepth = -1;
                sharedLevels.clear();
            }
        }

        /**
         * Fills a hash-based or sorted container with the elements just read: now, if none of them
         * (nor anything they hold) was an object read before, so all are complete; otherwise once
         * the whole graph is read, since an element may be an object still half read (a cycle back
         * through the container), whose hash code or order is not yet what it will be.
         */
        void fill(long backReferencesBefore, Runnable fill) {
            if (backReferences == backReferencesBefore) {
                fill.run();
            } else {
                deferred.add(fill);
            }
        }

        /** Runs the deferred fills, innermost container first: each one's elements are complete by then. */
        void finish() {
            for (Runnable fill : deferred) {
                fill.run();
            }
            deferred.clear();
        }

        void sharedObject(int depth) {
            backReferences++;
            if (hashedDepth >= 0 && depth > hashedDepth) {
                sharedLevels.set(depth - hashedDepth);
                if (sharedLevels.cardinality() > DeserializationAllowList.MAX_SHARED_LEVELS) {
                    throw new KryoException("shared references at more than " + DeserializationAllowList.MAX_SHARED_LEVELS
                            + " levels below a hash-based set or map, whose hashing would take exponential time");
                }
            }
        }
    }

    /** Checks every class named in the stream before anything of it is created. */
    private static final class GuardedClasses extends DefaultClassResolver {
        @Override
        public Registration writeClass(Output output, Class type) {
            if (type != null) {
                Guard guard = guard(kryo);
                guard.checkClass(type);
                if (guard.allowList != null) {
                    checkCreatable(type);
                }
            }
            return super.writeClass(output, type);
        }

        /** A class named in the file, refused before it is loaded unless the fixture could return it. */
        @Override
        protected Class<?> getTypeByName(String className) {
            Guard guard = guard(kryo);
            if (guard.allowList != null && !guard.writing && !className.equals(RecordColumns.class.getName())
                    && !guard.allowList.mayLoad(className, kryo.getClassLoader())) {
                throw new KryoException("a " + className + ", which is not among the classes the fixture can return");
            }
            return super.getTypeByName(className);
        }

        @Override
        public Registration readClass(Input input) {
            Registration registration = super.readClass(input);
            if (registration != null) {
                guard(kryo).checkClass(registration.getType());
            }
            return registration;
        }
    }

    /**
     * Refuses, while writing, a sorted map or set that Kryo could not create again: it creates a
     * subclass of {@link java.util.TreeMap} or {@link java.util.TreeSet} through a public
     * constructor taking the comparator, which an anonymous subclass (double-brace
     * initialisation) does not have.
     */
    private static void checkCreatable(Class<?> type) {
        Class<?> sorted = java.util.TreeMap.class.isAssignableFrom(type) ? java.util.TreeMap.class
                : java.util.TreeSet.class.isAssignableFrom(type) ? java.util.TreeSet.class : null;
        if (sorted == null || type == sorted) {
            return;
        }
        try {
            type.getConstructor(java.util.Comparator.class);
        } catch (NoSuchMethodException e) {
            throw new KryoException("a " + type.getName() + ", a " + sorted.getSimpleName() + " subclass without a public "
                    + "constructor taking a Comparator, which loading needs");
        }
    }

    /** Notes where shared objects are read again, for the hash-bomb rule. */
    private static final class GuardedReferences extends MapReferenceResolver {
        Kryo kryo;

        private final Map<Class<?>, Boolean> tracked = new java.util.IdentityHashMap<>();

        /**
         * Values are not tracked: strings, and records made only of primitives, strings, boxes and
         * enums. Tracking each one's identity costs a map lookup per object for nothing a test can
         * see but {@code ==} (which records do not promise). Boxes and enums are untracked by Kryo
         * already; everything else keeps its identity, so shared objects and cycles survive.
         */
        private Class<?> lastType;
        private boolean lastTracked;

        /** The current write's or read's {@link Guard#trackEveryObject}, kept here: it is asked once per object. */
        boolean trackEveryObject;
        /** The current write's or read's guard, kept here for the same reason. */
        Guard guard = Guard.UNLIMITED;

        @Override
        public boolean useReferences(Class type) {
            if (trackEveryObject) {
                return true;
            }
            if (type != lastType) {
                lastTracked = tracked.computeIfAbsent(type,
                        t -> t != String.class && !isValueRecord(t) && super.useReferences(t));
                lastType = type;
            }
            return lastTracked;
        }

        private static boolean isValueRecord(Class<?> type) {
            if (!type.isRecord()) {
                return false;
            }
            for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
                Class<?> c = component.getType();
                if (!(c.isPrimitive() || c == String.class || c.isEnum() || Number.class.isAssignableFrom(c)
                        && c.getName().startsWith("java.lang.") || c == Boolean.class || c == Character.class)) {
                    return false;
                }
            }
            return true;
        }

        /** While writing: the lists written as {@link RecordColumns}, each with its one stand-in. */
        private final Map<Object, RecordColumns> columns = new java.util.IdentityHashMap<>();

        /**
         * What to write for {@code object}: its columns if it is a list of value records written
         * for the first time (the same stand-in each time, so a shared list stays shared), else itself.
         */
        Object columnsFor(Object object) {
            if (trackEveryObject || object == null || object.getClass() != java.util.ArrayList.class) {
                return object;
            }
            RecordColumns known = columns.get(object);
            if (known != null) {
                return known;
            }
            if (super.getWrittenId(object) != -1) {
                return object; // written before as a list: the back reference says so
            }
            RecordColumns made = RecordColumns.of(object);
            if (made == null) {
                return object;
            }
            guard.kryoWrites(object);
            columns.put(object, made);
            return made;
        }

        /** A list written as columns is known by its stand-in's id, to Kryo and to the Java-part check. */
        @Override
        public int getWrittenId(Object object) {
            RecordColumns standIn = columns.isEmpty() ? null : columns.get(object);
            return super.getWrittenId(standIn != null ? standIn : object);
        }

        @Override
        public void reset() {
            super.reset();
            columns.clear();
        }

        @Override
        public int addWrittenObject(Object object) {
            guard.kryoWrites(object);
            return super.addWrittenObject(object);
        }

        @Override
        public Object getReadObject(Class type, int id) {
            guard.sharedObject(kryo.getDepth());
            return super.getReadObject(type, id);
        }
    }

    /** Collections: a bounded size, and hash-based ones tracked for the hash-bomb rule. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class GuardedCollection extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            guard(kryo).checkCount(size, "a collection");
            return super.create(kryo, input, type, size);
        }

        @Override
        public Collection read(Kryo kryo, Input input, Class<? extends Collection> type) {
            if (!ordersByElements(type)) {
                return guard(kryo).readContainer(type, kryo.getDepth(), () -> super.read(kryo, input, type));
            }
            return guard(kryo).readContainer(type, kryo.getDepth(),
                    () -> readCollectionFilledLater(kryo, input, type, this::create));
        }
    }

    /** A serializer's {@code create}, which only its own class may call. */
    @FunctionalInterface
    @SuppressWarnings("rawtypes")
    interface Creator<T> {
        T create(Kryo kryo, Input input, Class type, int size);
    }

    /** A {@code TreeSet}: Kryo's serializer (its comparator first), with the elements added through {@link Guard#fill}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class GuardedTreeSet extends DefaultSerializers.TreeSetSerializer {
        @Override
        public java.util.TreeSet read(Kryo kryo, Input input, Class<? extends java.util.TreeSet> type) {
            return (java.util.TreeSet) readCollectionFilledLater(kryo, input, type,
                    (k, in, t, size) -> create(k, in, (Class<? extends java.util.TreeSet>) t, size));
        }
    }

    /** A {@code TreeMap}: Kryo's serializer (its comparator first), with the entries put through {@link Guard#fill}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class GuardedTreeMap extends DefaultSerializers.TreeMapSerializer {
        @Override
        public java.util.TreeMap read(Kryo kryo, Input input, Class<? extends java.util.TreeMap> type) {
            return (java.util.TreeMap) readMapFilledLater(kryo, input, type,
                    (k, in, t, size) -> create(k, in, (Class<? extends java.util.TreeMap>) t, size));
        }
    }

    /**
     * {@link CollectionSerializer#read} (Kryo 5.6.2, a serializer's default settings: no element
     * class or serializer bound, elements may be null) with the elements added through
     * {@link Guard#fill}, so a cycle through a set does not hash or compare its elements half read.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Collection readCollectionFilledLater(Kryo kryo, Input input, Class type,
                                                        Creator<? extends Collection> creator) {
        Class elementClass = null;
        Serializer elementSerializer = null;
        Class genericClass = kryo.getGenerics().nextGenericClass();
        if (genericClass != null && kryo.isFinal(genericClass)) {
            elementSerializer = kryo.getSerializer(genericClass);
            elementClass = genericClass;
        }
        try {
            Collection collection;
            int length;
            boolean elementsCanBeNull = true;
            if (elementSerializer != null) {
                elementsCanBeNull = input.readVarIntFlag();
                length = input.readVarIntFlag(true);
                if (length == 0) {
                    return null;
                }
                length--;
                collection = creator.create(kryo, input, type, length);
                kryo.reference(collection);
                if (length == 0) {
                    return collection;
                }
            } else {
                boolean sameType = input.readVarIntFlag();
                length = input.readVarIntFlag(true);
                if (length == 0) {
                    return null;
                }
                length--;
                collection = creator.create(kryo, input, type, length);
                kryo.reference(collection);
                if (length == 0) {
                    return collection;
                }
                if (sameType) {
                    Registration registration = kryo.readClass(input);
                    if (registration == null) {
                        for (int i = 0; i < length; i++) {
                            collection.add(null);
                        }
                        kryo.getGenerics().popGenericType();
                        return collection;
                    }
                    elementClass = registration.getType();
                    elementSerializer = kryo.getSerializer(elementClass);
                    if (elementsCanBeNull) {
                        elementsCanBeNull = input.readBoolean();
                    }
                }
            }
            Guard guard = guard(kryo);
            guard.checkCount(length, "a collection");
            long before = guard.backReferences;
            Object[] elements = new Object[length];
            for (int i = 0; i < length; i++) {
                elements[i] = elementSerializer == null ? kryo.readClassAndObject(input)
                        : elementsCanBeNull ? kryo.readObjectOrNull(input, elementClass, elementSerializer)
                        : kryo.readObject(input, elementClass, elementSerializer);
            }
            Collection filled = collection;
            boolean hashes = hashes(type);
            guard.fill(before, () -> {
                if (hashes) {
                    guard.checkHashing(elements);
                }
                java.util.Collections.addAll(filled, elements);
            });
            return collection;
        } finally {
            kryo.getGenerics().popGenericType();
        }
    }

    /** Whether a container of {@code type} places its elements by their hash codes. */
    static boolean hashes(Class<?> type) {
        return java.util.HashSet.class.isAssignableFrom(type) || java.util.HashMap.class.isAssignableFrom(type)
                || java.util.Hashtable.class.isAssignableFrom(type)
                || java.util.concurrent.ConcurrentHashMap.class.isAssignableFrom(type);
    }

    /** Whether a container of {@code type} places its elements by their hash codes or their order. */
    static boolean ordersByElements(Class<?> type) {
        return java.util.HashSet.class.isAssignableFrom(type) || java.util.HashMap.class.isAssignableFrom(type)
                || java.util.Hashtable.class.isAssignableFrom(type)
                || java.util.concurrent.ConcurrentHashMap.class.isAssignableFrom(type)
                || java.util.TreeSet.class.isAssignableFrom(type) || java.util.TreeMap.class.isAssignableFrom(type)
                || java.util.concurrent.ConcurrentSkipListSet.class.isAssignableFrom(type)
                || java.util.concurrent.ConcurrentSkipListMap.class.isAssignableFrom(type);
    }

    /**
     * Maps: a bounded size, and hash-based ones tracked for the hash-bomb rule. An {@link EnumMap}
     * starts with its key type, which it cannot be created without, and a {@link LinkedHashMap}
     * with whether it keeps access order, which its entries alone do not tell.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class GuardedMap extends MapSerializer<Map> {
        @Override
        protected void writeHeader(Kryo kryo, Output output, Map map) {
            Guard guard = guard(kryo);
            if (map instanceof java.util.IdentityHashMap<?, ?> && guard.writing && !guard.trackEveryObject) {
                throw new NeedsEveryIdentity();
            }
            if (map instanceof EnumMap<?, ?> enumMap) {
                kryo.writeClass(output, keyType(enumMap));
            } else if (map.getClass() == LinkedHashMap.class) {
                output.writeBoolean(accessOrder((LinkedHashMap<?, ?>) map));
            }
        }

        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            guard(kryo).checkCount(size, "a map");
            if (type == EnumMap.class) {
                Registration keyType = kryo.readClass(input);
                if (keyType == null || !keyType.getType().isEnum()) {
                    throw new KryoException("an EnumMap whose key type is not an enum");
                }
                return new EnumMap(keyType.getType());
            }
            if (type == LinkedHashMap.class) {
                return new LinkedHashMap(Math.max(16, (int) (size / 0.75f) + 1), 0.75f, input.readBoolean());
            }
            return super.create(kryo, input, type, size);
        }

        @Override
        public Map read(Kryo kryo, Input input, Class<? extends Map> type) {
            if (!ordersByElements(type)) {
                return guard(kryo).readContainer(type, kryo.getDepth(), () -> super.read(kryo, input, type));
            }
            return guard(kryo).readContainer(type, kryo.getDepth(),
                    () -> readMapFilledLater(kryo, input, type, this::create));
        }
    }

    /**
     * {@link MapSerializer#read} (Kryo 5.6.2, a serializer's default settings: no key or value
     * class bound, both may be null) with the entries put through {@link Guard#fill}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map readMapFilledLater(Kryo kryo, Input input, Class type, Creator<? extends Map> creator) {
        int length = input.readVarInt(true);
        if (length == 0) {
            return null;
        }
        length--;
        Map map = creator.create(kryo, input, type, length);
        kryo.reference(map);
        if (length == 0) {
            return map;
        }
        Class keyClass = null;
        Class valueClass = null;
        Serializer keySerializer = null;
        Serializer valueSerializer = null;
        com.esotericsoftware.kryo.util.Generics.GenericType[] genericTypes = kryo.getGenerics().nextGenericTypes();
        if (genericTypes != null) {
            Class genericClass = genericTypes[0].resolve(kryo.getGenerics());
            if (genericClass != null && kryo.isFinal(genericClass)) {
                keySerializer = kryo.getSerializer(genericClass);
                keyClass = genericClass;
            }
            genericClass = genericTypes[1].resolve(kryo.getGenerics());
            if (genericClass != null && kryo.isFinal(genericClass)) {
                valueSerializer = kryo.getSerializer(genericClass);
                valueClass = genericClass;
            }
        }
        Guard guard = guard(kryo);
        guard.checkCount(length, "a map");
        long before = guard.backReferences;
        Object[] keys = new Object[length];
        Object[] values = new Object[length];
        for (int i = 0; i < length; i++) {
            if (genericTypes != null) {
                kryo.getGenerics().pushGenericType(genericTypes[0]);
            }
            keys[i] = keySerializer != null ? kryo.readObjectOrNull(input, keyClass, keySerializer)
                    : kryo.readClassAndObject(input);
            if (genericTypes != null) {
                kryo.getGenerics().popGenericType();
            }
            values[i] = valueSerializer != null ? kryo.readObjectOrNull(input, valueClass, valueSerializer)
                    : kryo.readClassAndObject(input);
        }
        kryo.getGenerics().popGenericType();
        Map filled = map;
        boolean hashes = hashes(type);
        guard.fill(before, () -> {
            if (hashes) {
                guard.checkHashing(keys);
            }
            for (int i = 0; i < keys.length; i++) {
                filled.put(keys[i], values[i]);
            }
        });
        return map;
    }

    private static final long ENUM_MAP_KEY_TYPE = fieldOffset(EnumMap.class, "keyType");
    private static final long ACCESS_ORDER = fieldOffset(LinkedHashMap.class, "accessOrder");

    private static long fieldOffset(Class<?> type, String field) {
        try {
            return UnsafeUtil.unsafe.objectFieldOffset(type.getDeclaredField(field));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * Whether {@code map} orders its entries by access ({@code new LinkedHashMap<>(16, .75f, true)}):
     * a final field the module system lets no one read but through {@code Unsafe}.
     */
    public static boolean accessOrder(LinkedHashMap<?, ?> map) {
        if (ACCESS_ORDER < 0 || UnsafeUtil.unsafe == null) {
            throw new KryoException("a LinkedHashMap, whose access order this JDK does not let labtech read");
        }
        return UnsafeUtil.unsafe.getBoolean(map, ACCESS_ORDER);
    }

    /**
     * The enum type of {@code map}'s keys: its first key's, or for an empty map its own field,
     * which the module system lets no one read but through {@code Unsafe} (Kryo's, as for its
     * unsafe streams).
     */
    private static Class<?> keyType(EnumMap<?, ?> map) {
        if (!map.isEmpty()) {
            return map.keySet().iterator().next().getDeclaringClass();
        }
        if (ENUM_MAP_KEY_TYPE < 0 || UnsafeUtil.unsafe == null) {
            throw new KryoException("an empty EnumMap, whose key type this JDK does not let labtech read");
        }
        return (Class<?>) UnsafeUtil.unsafe.getObject(map, ENUM_MAP_KEY_TYPE);
    }

    /** Object arrays: length first, bounded on read; elements with their classes. */
    public static final class GuardedObjectArray extends Serializer<Object[]> {
        public GuardedObjectArray() {
            super(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Object[] array) {
            if (array == null) {
                output.writeVarInt(0, true);
                return;
            }
            output.writeVarInt(array.length + 1, true);
            for (Object element : array) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
            int length = input.readVarInt(true);
            if (length == 0) {
                return null;
            }
            guard(kryo).checkCount(length - 1L, "an array");
            Object[] array = (Object[]) Array.newInstance(type.getComponentType(), length - 1);
            kryo.reference(array);
            for (int i = 0; i < array.length; i++) {
                array[i] = kryo.readClassAndObject(input);
            }
            return array;
        }
    }

    /** Primitive arrays: copied in bulk (Kryo's unsafe streams copy memory), length bounded on read. */
    private static final class PrimitiveArray extends Serializer<Object> {
        private final Class<?> component;

        PrimitiveArray(Class<?> component) {
            super(true, true);
            this.component = component;
        }

        @Override
        public void write(Kryo kryo, Output output, Object array) {
            if (array == null) {
                output.writeVarInt(0, true);
                return;
            }
            int length = Array.getLength(array);
            output.writeVarInt(length + 1, true);
            if (component == int.class) {
                output.writeInts((int[]) array, 0, length);
            } else if (component == long.class) {
                output.writeLongs((long[]) array, 0, length);
            } else if (component == double.class) {
                output.writeDoubles((double[]) array, 0, length);
            } else if (component == float.class) {
                output.writeFloats((float[]) array, 0, length);
            } else if (component == short.class) {
                output.writeShorts((short[]) array, 0, length);
            } else if (component == char.class) {
                output.writeChars((char[]) array, 0, length);
            } else if (component == byte.class) {
                output.writeBytes((byte[]) array, 0, length);
            } else {
                output.writeBooleans((boolean[]) array, 0, length);
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            int length = input.readVarInt(true);
            if (length == 0) {
                return null;
            }
            int count = length - 1;
            guard(kryo).checkCount(count, "an array");
            if (component == int.class) {
                return input.readInts(count);
            } else if (component == long.class) {
                return input.readLongs(count);
            } else if (component == double.class) {
                return input.readDoubles(count);
            } else if (component == float.class) {
                return input.readFloats(count);
            } else if (component == short.class) {
                return input.readShorts(count);
            } else if (component == char.class) {
                return input.readChars(count);
            } else if (component == byte.class) {
                return input.readBytes(count);
            }
            return input.readBooleans(count);
        }
    }
}
