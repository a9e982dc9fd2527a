package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.CachedResult;
import dev.labtech.ResultMeta;
import dev.labtech.StorageException;
import dev.labtech.Task;
import dev.labtech.TaskResult;
import dev.labtech.internal.IntactEntryException;
import dev.labtech.internal.JsonText;
import dev.labtech.internal.Sha1;
import dev.labtech.internal.binary.GuardedKryo;
import dev.labtech.internal.fingerprint.CodeFingerprints;
import dev.labtech.storage.EntryManifest;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code BaseCache} keys calls and keeps each entry's {@value #METADATA_FILENAME}; subclasses only
 * write and read the result, as with labtech's {@code BaseCache}.
 *
 * <p>An entry is the directory {@code <key>/} holding one result file and {@value #METADATA_FILENAME}.
 * The result file is written first and the metadata last, each atomically, so an entry only counts
 * as cached once it is complete; a crash in between leaves a result file without metadata, which
 * is a miss. The metadata records each file's length and CRC-32C, and every load checks them in
 * the stream it reads, so a truncated or altered file is a damaged entry (a miss), never a value. The metadata keeps labtech's field names ({@code labtech_version}, {@code cache},
 * {@code cache_key}, {@code task}, {@code start_timestamp}, {@code duration_seconds}) and adds
 * {@code format}, {@code fixture} and {@code result_file}.
 *
 * <p>To keep results somewhere new, extend this class:
 *
 * <pre>{@code
 * public class GzipJsonCache extends BaseCache {
 *     public GzipJsonCache() { super("gzjson__", "data.json.gz"); }
 *     protected void saveResult(Storage storage, CacheKey key, Object result) throws IOException {
 *         storage.write(key.value(), resultFileName(), out -> { ... });
 *     }
 *     protected Object loadResult(Storage storage, CacheKey key) throws IOException { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class BaseCache implements Cache {

    /** The name of the file that describes an entry and marks it complete. */
    public static final String METADATA_FILENAME = EntryManifest.FILE;

    /** labtech's default key prefix: none. Subclasses declare their own and pass it to the constructor. */
    public static final String KEY_PREFIX = "";

    /** Turns calls into canonical JSON; its SHA-1 is the hash part of the key. */
    protected final Serializer serializer;

    private final String keyPrefix;
    private final String resultFileName;

    /**
     * @param keyPrefix      prepended to every key, so different caches never share an entry
     *                       ({@code json__}); may be empty, must be a valid key part
     * @param resultFileName the name of the result file in each entry ({@code data.json})
     */
    protected BaseCache(String keyPrefix, String resultFileName) {
        this(keyPrefix, resultFileName, new Serializer());
    }

    protected BaseCache(String keyPrefix, String resultFileName, Serializer serializer) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.resultFileName = Objects.requireNonNull(resultFileName, "resultFileName");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    /**
     * Whether {@code key} has the shape of a key a {@code BaseCache} makes,
     * {@code {prefix}{Type}__{sha1}}: used to leave alone folders in a storage directory that are
     * not cache entries.
     */
    public static boolean isCacheKey(String key) {
        return EntryKey.isKey(key);
    }

    /** labtech's {@code KEY_PREFIX}: what every key of this cache starts with. */
    public final String keyPrefix() {
        return keyPrefix;
    }

    /** The name of the result file in each entry. */
    public final String resultFileName() {
        return resultFileName;
    }

    /** Writes {@code result}, the value {@code key.task()} returned, under {@code key}. */
    protected abstract void saveResult(Storage storage, CacheKey key, Object result) throws IOException;

    /** Reads back the value {@link #saveResult} wrote under {@code key}. */
    protected abstract Object loadResult(Storage storage, CacheKey key) throws IOException;

    @Override
    public CacheKey cacheKey(Task task) {
        Serializer.Canonical canonical = serializer.canonical(task);
        return new CacheKey(task, EntryKey.of(keyPrefix, task.typeName(), canonical.keyText()), canonical.taskJson(),
                EntryKey.of(keyPrefix, task.typeName(), canonical.callText()));
    }

    /**
     * Loads and sets up what a new JVM's first key and load need — the JSON writer and parser, the
     * canonical form of arguments, SHA-1, CRC-32C, {@code metadata.json}'s timestamp,
     * {@link BinaryCache}'s Kryo and the code fingerprint's walk — ahead of the first call. Never fails.
     */
    public static void warmUp() {
        try {
            JsonText.parse(new java.io.ByteArrayInputStream(
                    JsonText.write(Map.of("warm", java.util.List.of(1, 2.5, "up"))).getBytes(StandardCharsets.UTF_8)));
            Sha1.hex("warm");
            new java.util.zip.CRC32C().update(new byte[16]);
            dev.labtech.internal.canonical.CanonicalJson.toString(java.util.List.of(1, 2.5, "up"), null,
                    dev.labtech.internal.canonical.CanonicalJson.Form.KEY);
            java.time.Instant.parse("2026-01-01T00:00:00Z");
        } catch (RuntimeException | LinkageError e) {
            // The first call sets these up instead.
        }
        GuardedKryo.warmUp();
        CodeFingerprints.warmUp();
    }

    @Override
    public final Optional<String> keyFor(String typeName, String keyText) {
        return Optional.of(EntryKey.of(keyPrefix, typeName, keyText));
    }

    @Override
    @SuppressWarnings("try") // opening the metadata is the check
    public boolean isCached(Storage storage, CacheKey cacheKey) {
        String key = cacheKey.value();
        try (InputStream ignored = storage.read(key, METADATA_FILENAME)) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("Cannot check entry " + key + " in " + storage.describe() + ": " + e, e);
        }
    }

    @Override
    public void save(Storage storage, CacheKey cacheKey, TaskResult<?> result) {
        String key = cacheKey.value();
        Task task = cacheKey.task();
        boolean existed = exists(storage, key);
        if (existed && !isIntact(storage, key)) {
            // A damaged or foreign entry may hold files this cache would not overwrite: start afresh.
            delete(storage, cacheKey);
            existed = false;
        }
        try {
            EntryFiles.Recording recording = new EntryFiles.Recording(storage);
            saveResult(recording, cacheKey, result.value());
            Map<String, dev.labtech.internal.Checksums.Digest> files = recording.written();
            try {
                readBack(storage, cacheKey, files);
            } catch (CacheException e) {
                deleteQuietly(storage, key, e); // what it wrote replaced an earlier entry's files too
                throw e;
            }
            storage.write(key, METADATA_FILENAME, out -> EntryMetadata.write(out, cacheKey, result.meta(),
                    getClass().getName(), resultFileName, resultFingerprint(task), files));
        } catch (IOException | RuntimeException e) {
            if (!existed) {
                deleteQuietly(storage, key, e);
            }
            if (e instanceof IOException io) {
                throw new StorageException("Cannot write entry " + key + " to " + storage.describe() + ": " + io, io);
            }
            if (e instanceof UncheckedIOException io) {
                throw new StorageException("Cannot write entry " + key + " to " + storage.describe() + ": "
                        + io.getCause(), io.getCause());
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Results written in at most this many bytes are read back once before their entry is
     * committed, so that what saves loads: reading them costs little beside computing them (see
     * BENCHMARKS.md). Larger ones rely on each cache's own checks at save.
     */
    public static final long READ_BACK_BYTES = 1 << 20;

    /**
     * Reads back a small result just written, through {@link #loadResult}: a result the cache
     * writes but cannot read (a class its format cannot rebuild) is refused now, with one warning,
     * instead of committed and reported on every later run.
     */
    private void readBack(Storage storage, CacheKey cacheKey, Map<String, dev.labtech.internal.Checksums.Digest> files) {
        long bytes = 0;
        for (dev.labtech.internal.Checksums.Digest digest : files.values()) {
            bytes += digest.bytes();
        }
        if (bytes > READ_BACK_BYTES || readsBackItself()) {
            return;
        }
        EntryFiles.Verifying verifying = new EntryFiles.Verifying(storage, cacheKey.value(), files);
        try {
            loadResult(verifying, cacheKey);
            verifying.check();
        } catch (IOException | RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            if (e instanceof StorageException failed) {
                throw failed;
            }
            throw new CacheException(getClass().getSimpleName() + " cannot store the result of "
                    + cacheKey.task().fixtureName() + ": reading back what it wrote failed (" + e
                    + "), so it would be computed again on every run; use another cache for this fixture", e);
        }
    }

    /** Whether {@link #saveResult} already reads back what it writes (JsonCache compares it too). */
    boolean readsBackItself() {
        return false;
    }

    /** {@inheritDoc} Its {@value #METADATA_FILENAME} is read once, for both. */
    @Override
    public Optional<Found> find(Storage storage, CacheKey cacheKey) {
        Optional<EntryMetadata> found;
        try {
            found = EntryMetadata.find(storage, cacheKey.value());
        } catch (CacheException damaged) {
            return Optional.of(new Found() {
                @Override
                public Optional<StoredCall> storedCall() {
                    return Optional.empty();
                }

                @Override
                public TaskResult<?> load() {
                    throw damaged;
                }
            });
        }
        return found.map(metadata -> new Found() {
            @Override
            public Optional<StoredCall> storedCall() {
                return Optional.of(metadata.storedCall());
            }

            @Override
            public TaskResult<?> load() {
                return loadWith(checkWriter(metadata, cacheKey.value()), storage, cacheKey);
            }
        });
    }

    @Override
    public TaskResult<?> loadResultWithMeta(Storage storage, CacheKey cacheKey) {
        return loadWith(readMetadata(storage, cacheKey.value()), storage, cacheKey);
    }

    private TaskResult<?> loadWith(EntryMetadata metadata, Storage storage, CacheKey cacheKey) {
        String key = cacheKey.value();
        Task task = cacheKey.task();
        metadata.checkFingerprint(task, resultFingerprint(task));
        EntryFiles.Verifying verifying = new EntryFiles.Verifying(storage, key, metadata.files());
        Object value;
        try {
            value = loadResult(verifying, cacheKey);
        } catch (IOException | RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            // A damaged file explains any failure; a whole one means the reading code failed.
            verifying.check();
            if (e instanceof CacheException cache && !(e instanceof IntactEntryException)) {
                throw new IntactEntryException(cache.getMessage(), cache.getCause() != null ? cache.getCause() : cache);
            }
            throw new IntactEntryException("Cannot load the result in entry " + key + ": " + e, e);
        }
        verifying.check();
        return new TaskResult<>(value, metadata.meta());
    }

    @Override
    public Task loadTask(Storage storage, String key, ClassLoader classLoader) {
        return serializer.deserializeTask(readMetadata(storage, key).taskJson(), classLoader);
    }

    @Override
    public Instant loadCacheTimestamp(Storage storage, CacheKey key) {
        return readMetadata(storage, key.value()).meta().start();
    }

    @Override
    public void delete(Storage storage, CacheKey cacheKey) {
        String key = cacheKey.value();
        try {
            storage.delete(key);
        } catch (IOException e) {
            throw new StorageException("Cannot delete entry " + key + " from " + storage.describe() + ": " + e, e);
        }
    }

    @Override
    public CachedResult inspect(Storage storage, String key) {
        long size = size(storage, key);
        EntryMetadata metadata;
        try {
            metadata = EntryMetadata.read(storage, key);
        } catch (CacheException e) {
            return CachedResult.damaged(key, EntryKey.fixtureIn(key), size, e.getMessage());
        }
        String fixture = metadata.string("fixture", key);
        Optional<String> problem = Optional.empty();
        ResultMeta meta = new ResultMeta(Instant.EPOCH, Duration.ZERO);
        try {
            meta = metadata.meta();
        } catch (CacheException e) {
            problem = Optional.of(e.getMessage());
        }
        return new CachedResult(key, fixture, metadata.task("fixture"), metadata.task("version"),
                metadata.task("return_type"), metadata.string("arguments_text", ""), size, meta.start(),
                meta.duration(), metadata.cache(), lastUsed(storage, key), problem);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Any {@code BaseCache} reads what any other wrote here: the metadata is theirs in common,
     * so the goals can judge entries of every cache, not only the default one's.
     */
    @Override
    public Optional<StoredCall> storedCall(Storage storage, String key) {
        try {
            return Optional.of(EntryMetadata.read(storage, key).storedCall());
        } catch (CacheException e) {
            return Optional.empty();
        }
    }

    /**
     * Facts about the result's type that must match for a stored result to be loaded, written to
     * {@value #METADATA_FILENAME} as {@code result_fingerprint} and compared on every load; a
     * mismatch makes the entry a miss. {@link JsonCache} records the shape (fields and their types)
     * of the declared return type, so a changed class is recomputed rather than loaded with
     * fields missing. None by default.
     */
    protected Map<String, String> resultFingerprint(Task task) {
        return Map.of();
    }

    private boolean isIntact(Storage storage, String key) {
        try {
            readMetadata(storage, key);
            return true;
        } catch (CacheException e) {
            return false;
        }
    }

    /** The entry's metadata, checked to be complete and written by this cache. */
    private EntryMetadata readMetadata(Storage storage, String key) {
        return checkWriter(EntryMetadata.read(storage, key), key);
    }

    private EntryMetadata checkWriter(EntryMetadata metadata, String key) {
        if (!getClass().getName().equals(metadata.cache())) {
            throw new CacheException("Entry " + key + " was written by "
                    + metadata.string("cache", "an unknown cache") + ", not " + getClass().getName());
        }
        return metadata;
    }

    private static boolean exists(Storage storage, String key) {
        try {
            return storage.exists(key);
        } catch (IOException e) {
            throw new StorageException("Cannot check entry " + key + " in " + storage.describe() + ": " + e, e);
        }
    }

    private static Optional<Instant> lastUsed(Storage storage, String key) {
        try {
            return storage.lastUsed(key);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long size(Storage storage, String key) {
        try {
            return storage.size(key);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Storage storage, String key, Exception cause) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
