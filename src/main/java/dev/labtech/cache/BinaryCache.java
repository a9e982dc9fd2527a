package dev.labtech.cache;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;
import dev.labtech.CacheException;
import dev.labtech.Task;
import dev.labtech.internal.binary.DeserializationAllowList;
import dev.labtech.internal.binary.GuardedKryo;
import dev.labtech.storage.Storage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code BinaryCache} stores any object graph in a compact binary file, {@code data.bin}, and is
 * the default cache: labtech's {@code PickleCache} for Java.
 *
 * <p>It needs nothing of a result's classes: no {@code Serializable}, no no-arg constructor or
 * creator. Shared objects stay shared and cycles survive; a field declared {@code Object} or as an
 * interface keeps its value's exact class; primitive arrays are copied in bulk, and a large
 * {@code ArrayList} of records made of primitives and strings is written column by column and
 * rebuilt through their canonical constructor. A result file of 1 MB or more is read from a mapping
 * of it, so a large array is one copy from the page cache into the heap. It is built on
 * Kryo (chosen over Apache Fory and Jackson Smile by measurement; see {@code BENCHMARKS.md}).
 *
 * <p>Loading reads only what the fixture can return, with the rules of
 * {@link JavaSerializationCache}: the JDK's value and collection classes, your classes named in
 * the declared return type's field graph and their subtypes, and your project's own compiled
 * classes; any other class in the file is refused before anything of it is created. A file of
 * {@code n} bytes may not claim arrays, collections or maps of more than {@code n} elements;
 * nesting is limited, and so is sharing below a hash-based set or map. A refused file is a
 * damaged entry: one warning, and the fixture is computed again.
 *
 * <p>The file starts with {@code LTB3}, the byte order of the machine that wrote it and whether
 * every object kept its identity (a graph with an {@code IdentityHashMap}) or values were written
 * by content; numbers
 * are stored in that order, so an entry written on a machine of the other order is a miss.
 *
 * @since 0.1.0
 */
public class BinaryCache extends BaseCache {

    /** What every key of this cache starts with, as labtech's {@code KEY_PREFIX}. */
    public static final String KEY_PREFIX = "bin__";

    /** The name of the result file in each entry. */
    public static final String RESULT_FILENAME = "data.bin";

    private static final byte[] MAGIC = {'L', 'T', 'B', '3'};
    /** After the byte order: whether values (strings, boxes, value records) keep their identity too. */
    private static final byte VALUES_BY_CONTENT = 'V';
    private static final byte EVERY_IDENTITY = 'I';
    private static final byte NATIVE_ORDER = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 'L' : 'B');
    private static final int BUFFER = 1 << 16;
    private static final int MIN_BUFFER = 1 << 8;

    public BinaryCache() {
        super(KEY_PREFIX, RESULT_FILENAME);
    }

    @Override
    protected void saveResult(Storage storage, CacheKey key, Object result) throws IOException {
        try {
            write(storage, key, result, false);
        } catch (GuardedKryo.NeedsEveryIdentity e) {
            write(storage, key, result, true);
        }
    }

    /**
     * Writes the result; {@code trackEveryObject} keeps the identity of values too, which only a
     * graph holding an {@code IdentityHashMap} needs (the first try says so).
     */
    private void write(Storage storage, CacheKey key, Object result, boolean trackEveryObject) throws IOException {
        Task task = key.task();
        DeserializationAllowList allowList = DeserializationAllowList.forTypeAndProjectClasses(
                task.method().getGenericReturnType(), -1);
        try {
            storage.write(key.value(), resultFileName(), out -> {
                out.write(MAGIC);
                out.write(NATIVE_ORDER);
                out.write(trackEveryObject ? EVERY_IDENTITY : VALUES_BY_CONTENT);
                try {
                    GuardedKryo.writing(allowList, trackEveryObject, kryo -> {
                        UnsafeOutput output = new UnsafeOutput(out, BUFFER);
                        kryo.writeClassAndObject(output, result);
                        output.flush();
                        return null;
                    });
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            });
        } catch (GuardedKryo.NeedsEveryIdentity e) {
            throw e;
        } catch (KryoException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // the storage failed, not the result
            }
            throw new CacheException("BinaryCache cannot store the result of " + task.fixtureName() + ": it holds "
                    + innermostMessage(e) + ", so it could never be loaded; return a copy in a plain collection, or "
                    + "declare that class in the result's type", e);
        }
    }

    /**
     * From this size on a result file is read from a mapping of it when the storage can map it (a
     * local directory): its primitive arrays are then one copy from the page cache into the heap.
     */
    static final long MAPPED_FROM = 1 << 20;

    @Override
    protected Object loadResult(Storage storage, CacheKey key) throws IOException {
        Task task = key.task();
        long bytes = EntryFiles.recordedBytes(storage, resultFileName());
        DeserializationAllowList allowList = DeserializationAllowList.forTypeAndProjectClasses(
                task.method().getGenericReturnType(), bytes);
        long maxBytes = bytes < 0 ? Integer.MAX_VALUE : bytes;
        try {
            if (bytes >= MAPPED_FROM) {
                Optional<ByteBuffer> mapped = storage.map(key.value(), resultFileName());
                if (mapped.isPresent()) {
                    try {
                        return readMapped(mapped.get(), allowList, maxBytes, key);
                    } finally {
                        EntryFiles.unmap(mapped.get());
                    }
                }
            }
            try (InputStream in = storage.read(key.value(), resultFileName())) {
                byte[] header = new byte[HEADER_BYTES];
                new DataInputStream(in).readFully(header);
                boolean everyIdentity = checkHeader(header, key);
                // A buffer no larger than the file: a small result's load is not the zeroing of 64 KB.
                int buffer = (int) Math.max(MIN_BUFFER, Math.min(BUFFER, maxBytes));
                return read(allowList, maxBytes, everyIdentity, GuardedKryo.input(in, buffer, maxBytes), key);
            }
        } catch (KryoException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new CacheException("Entry " + key + " of " + task.fixtureName() + " was not read: "
                    + innermostMessage(e), e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static final int HEADER_BYTES = MAGIC.length + 2;

    /** The value in the mapping of a whole result file. */
    private static Object readMapped(ByteBuffer file, DeserializationAllowList allowList, long maxBytes, CacheKey key)
            throws Exception {
        if (file.remaining() < HEADER_BYTES) {
            throw new CacheException("Entry " + key + " is not a BinaryCache file");
        }
        byte[] header = new byte[HEADER_BYTES];
        file.duplicate().get(header);
        boolean everyIdentity = checkHeader(header, key);
        ByteBuffer value = file.duplicate().position(file.position() + HEADER_BYTES);
        try {
            return read(allowList, maxBytes, everyIdentity, GuardedKryo.input(value, maxBytes), key);
        } catch (InternalError e) {
            // A mapped file cut short under the reader (not labtech's doing: entries are never changed in place).
            throw new CacheException("Entry " + key + " of " + key.task().fixtureName() + " changed while it was read: "
                    + e.getMessage(), e);
        }
    }

    /** Checks the file's header: whether every object kept its identity. */
    private static boolean checkHeader(byte[] header, CacheKey key) {
        if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new CacheException("Entry " + key + " is not a BinaryCache file");
        }
        if (header[MAGIC.length] != NATIVE_ORDER) {
            throw new CacheException("Entry " + key + " was written on a machine of the other byte order");
        }
        byte identities = header[MAGIC.length + 1];
        if (identities != EVERY_IDENTITY && identities != VALUES_BY_CONTENT) {
            throw new CacheException("Entry " + key + " is not a BinaryCache file of this version");
        }
        return identities == EVERY_IDENTITY;
    }

    /** The value in {@code input}, which must be the whole of what follows the header. */
    private static Object read(DeserializationAllowList allowList, long maxBytes, boolean everyIdentity,
                               com.esotericsoftware.kryo.io.Input input, CacheKey key) throws Exception {
        return GuardedKryo.reading(allowList, maxBytes, everyIdentity, kryo -> {
            Object value = kryo.readClassAndObject(input);
            if (!input.end()) {
                // What was written is the whole file: bytes after the value are not ours.
                throw new CacheException("Entry " + key + " of " + key.task().fixtureName()
                        + " was not read: its data.bin goes on after the value");
            }
            return value;
        });
    }

    private static String innermostMessage(KryoException e) {
        Throwable cause = e;
        while (cause.getCause() instanceof KryoException next) {
            cause = next;
        }
        String message = cause.getMessage();
        int trace = message == null ? -1 : message.indexOf("\nSerialization trace");
        return trace < 0 ? String.valueOf(message) : message.substring(0, trace);
    }
}
