package dev.labtech.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code Storage} holds cached entries: named files grouped under a key, as labtech's
 * {@code Storage} does.
 *
 * <p>A cache decides what files an entry has; a storage only keeps them. Implement this interface
 * to keep results somewhere else (a bucket in the cloud, a shared drive) and select the class with
 * the {@code labtech.storage} configuration parameter. An implementation needs a public no-arg
 * constructor or one taking the {@code java.nio.file.Path} of {@code labtech.storage.dir}, and must
 * be safe to use from several threads.
 *
 * <p>Keys and file names are validated by every implementation: a key is a non-empty name without
 * {@code .}, {@code /} or {@code \}; a file name is a non-empty name without {@code /} or
 * {@code \} that does not start with {@code .}. Anything else is refused with a
 * {@link dev.labtech.StorageException}.
 *
 * @since 0.1.0
 */
public interface Storage {

    /** The keys of all entries present, in no particular order. */
    List<String> findKeys() throws IOException;

    /** Whether an entry with this key exists (it may still be incomplete or damaged). */
    boolean exists(String key) throws IOException;

    /**
     * Opens one file of an entry for reading.
     *
     * @throws java.nio.file.NoSuchFileException if the entry or the file does not exist
     */
    InputStream read(String key, String fileName) throws IOException;

    /**
     * The bytes of one file of an entry mapped into memory, read-only, for a cache that reads a large
     * file in bulk: its arrays are then copied once, from the page cache into the heap. Empty when this
     * storage cannot map the file (the default); the cache then uses {@link #read}. The caller may
     * unmap the buffer when it is done with it, and never hands it on.
     *
     * @throws java.nio.file.NoSuchFileException if the entry or the file does not exist
     */
    default java.util.Optional<java.nio.ByteBuffer> map(String key, String fileName) throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Writes one file of an entry, atomically: readers see the previous content or the complete
     * new content, never a part. If {@code content} throws, nothing changes.
     */
    void write(String key, String fileName, ContentWriter content) throws IOException;

    /** Deletes an entry and all its files; does nothing if there is none. */
    void delete(String key) throws IOException;

    /** The bytes an entry occupies, or {@code -1} if this storage cannot tell. */
    default long size(String key) throws IOException {
        return -1;
    }

    /**
     * Keeps other processes sharing this storage from computing {@code key} until the returned
     * lock is closed, so that of several JVMs missing the same key only one computes it while the
     * others wait and then load it. Blocks until the lock is available. Storages that cannot lock
     * return a lock that does nothing (the default): every process then computes on a miss, which
     * is only slower, never wrong.
     */
    default Lock lock(String key) throws IOException {
        return () -> { };
    }

    /**
     * Notes that the entry {@code key} was just used (loaded), for {@link #lastUsed}; storages that
     * cannot tell do nothing (the default).
     */
    default void markUsed(String key) throws IOException {
    }

    /** When the entry {@code key} was last used or written, if this storage can tell. */
    default java.util.Optional<java.time.Instant> lastUsed(String key) throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Notes that the entry {@code key} now holds the result of the call {@code call} (a name
     * shaped like a key for a fixture method and its arguments, the same whatever its code and version),
     * so that a later miss of that call can say what changed since, without listing the storage.
     * A hint, not an entry: storages that cannot keep it do nothing (the default), and then a miss
     * is not explained.
     */
    default void noteCall(String call, String key) throws IOException {
    }

    /** The entry {@link #noteCall} last noted for {@code call}, if this storage keeps such notes. */
    default java.util.Optional<String> notedCall(String call) throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Whether this storage only reads: a lab over it loads what it holds and keeps what it
     * computes in memory, as in {@code read_only} mode. Most storages write (the default).
     */
    default boolean isReadOnly() {
        return false;
    }

    /** A short description for log lines and messages: {@code local directory /work/.labtech}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * A held {@link #lock(String) lock}; closing it releases it.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Lock extends AutoCloseable {

        @Override
        void close() throws IOException;
    }

    /**
     * Produces a file's content for {@link #write}.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface ContentWriter {

        /** Writes the whole content to {@code out}; the storage closes {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }
}
