package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.Task;
import dev.labtech.internal.binary.DeserializationAllowList;
import dev.labtech.internal.binary.GuardedObjectInputStream;
import dev.labtech.storage.Storage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * {@code JavaSerializationCache} stores results with Java serialization in {@code data.ser}, for
 * results {@link JsonCache} cannot rebuild: classes without a no-arg constructor or creator,
 * polymorphic graphs, anything {@link java.io.Serializable}.
 *
 * <p>Java deserialization can run code from the file, so loading is guarded by an
 * {@link java.io.ObjectInputFilter} that admits only the classes the fixture can return: primitives,
 * plain JDK values and collections ({@code java.lang} boxes and strings, {@code java.math},
 * {@code java.time}, {@code java.util}), and your classes named in the fixture method's declared
 * return type or in the declared field types reachable from it, with their subtypes. Any other
 * class in the file is rejected before it is instantiated, and the entry is treated as damaged.
 * Still, only load caches you trust.
 *
 * @since 0.1.0
 */
public class JavaSerializationCache extends BaseCache {

    /** What every key of this cache starts with, as labtech's {@code KEY_PREFIX}. */
    public static final String KEY_PREFIX = "java__";

    /** The name of the result file in each entry. */
    public static final String RESULT_FILENAME = "data.ser";

    public JavaSerializationCache() {
        super(KEY_PREFIX, RESULT_FILENAME);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every class written is checked against the allow-list loading applies, as it is written:
     * a result holding a class loading would refuse is refused at save, with one warning naming
     * it, instead of stored and reported damaged on every later run.
     */
    @Override
    protected void saveResult(Storage storage, CacheKey key, Object result) throws IOException {
        Task task = key.task();
        DeserializationAllowList allowList = DeserializationAllowList.forType(task.method().getGenericReturnType(), -1);
        // The first class refused: the stream then tries to write the exception itself, which is refused too.
        String[] refused = {null};
        try {
            storage.write(key.value(), resultFileName(), out -> {
                ObjectOutputStream objects = new ObjectOutputStream(Unclosable.output(out)) {
                    @Override
                    protected void annotateClass(Class<?> type) throws IOException {
                        if (refused[0] == null && !allowList.allows(type) && isRecordingFailure()) {
                            return; // the stream records why it failed; that failure is the one to report
                        }
                        if (refused[0] != null || !allowList.allows(type)) {
                            if (refused[0] == null) {
                                refused[0] = type.getName();
                            }
                            throw new NotAllowed(refused[0]);
                        }
                    }
                };
                objects.writeObject(result);
                objects.flush();
            });
        } catch (NotSerializableException e) {
            throw new CacheException("JavaSerializationCache cannot store the result of " + task.fixtureName()
                    + ": " + e.getMessage() + " does not implement java.io.Serializable", e);
        } catch (NotAllowed e) {
            throw new CacheException("JavaSerializationCache cannot store the result of " + task.fixtureName()
                    + ": it holds a " + refused[0] + ", which is not among the classes the fixture can return, so "
                    + "it could never be loaded; declare that class in the result's type, or use BinaryCache", e);
        }
    }

    /**
     * Whether the {@code ObjectOutputStream} is writing the exception that ended the result's
     * writing (a part that is not {@code Serializable}) into the stream, not a part of the result.
     */
    private static boolean isRecordingFailure() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                        frame.getClassName().equals(ObjectOutputStream.class.getName())
                                && frame.getMethodName().equals("writeFatalException")));
    }

    /** A class written that loading would refuse. */
    private static final class NotAllowed extends java.io.ObjectStreamException {
        private static final long serialVersionUID = 1L;

        NotAllowed(String type) {
            super(type);
        }
    }

    @Override
    protected Object loadResult(Storage storage, CacheKey key) throws IOException {
        Task task = key.task();
        ClassLoader loader = task.fixtureType().getClassLoader();
        DeserializationAllowList allowList = DeserializationAllowList.forType(task.method().getGenericReturnType(),
                EntryFiles.recordedBytes(storage, resultFileName()));
        try (InputStream file = new BufferedInputStream(storage.read(key.value(), resultFileName()), 1 << 16);
             // Shielded: some classes close the stream they are read from in readObject (Apache
             // OpenNLP's models do), which must not end the stream under the objects after them.
             ObjectInputStream in = new GuardedObjectInputStream(Unclosable.input(file), loader, allowList)) {
            return in.readObject();
        } catch (InvalidClassException | java.io.InvalidObjectException e) {
            if (allowList.rejection().isPresent()) {
                throw new CacheException("Entry " + key + " of " + task.fixtureName() + " holds "
                        + allowList.rejection().get() + ", so it was not deserialized", e);
            }
            throw e;
        } catch (ClassNotFoundException e) {
            throw new CacheException("Entry " + key + " holds a class that no longer exists: " + e.getMessage(), e);
        }
    }
}
