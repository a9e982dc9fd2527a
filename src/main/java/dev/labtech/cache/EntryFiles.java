package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.internal.Checksums;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The length and CRC-32C of each file of an entry: recorded while a cache writes them, checked
 * while it reads them back, so a truncated or altered file is a damaged entry, never a value.
 *
 * <p>Both happen in the stream the cache already reads or writes, so checking costs one pass of
 * CRC-32C (hardware-accelerated on x86 and ARM) over bytes that are in memory anyway.
 */
final class EntryFiles {

    private EntryFiles() {
    }

    /**
     * The length {@code storage}, as handed to a cache's {@code loadResult}, expects of
     * {@code fileName}: what metadata.json records, or {@code -1} when it does not say.
     */
    static long recordedBytes(Storage storage, String fileName) {
        return storage instanceof Verifying verifying ? verifying.recordedBytes(fileName) : -1;
    }

    /** {@code sun.misc.Unsafe.invokeCleaner}, bound to Kryo's instance; null where the JVM has none. */
    private static final java.lang.invoke.MethodHandle INVOKE_CLEANER = invokeCleaner();

    private static java.lang.invoke.MethodHandle invokeCleaner() {
        try {
            Object unsafe = com.esotericsoftware.kryo.unsafe.UnsafeUtil.unsafe;
            return unsafe == null ? null : java.lang.invoke.MethodHandles.publicLookup()
                    .findVirtual(unsafe.getClass(), "invokeCleaner",
                            java.lang.invoke.MethodType.methodType(void.class, java.nio.ByteBuffer.class)).bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Unmaps a file's mapping now rather than when the collector finds it: 100 MB of address space
     * and, on Windows, a file that cannot be deleted until then. Nothing read from it refers to it.
     */
    static void unmap(java.nio.ByteBuffer mapping) {
        if (INVOKE_CLEANER != null && mapping.isDirect()) {
            try {
                INVOKE_CLEANER.invokeExact(mapping);
            } catch (Throwable e) {
                // Not a buffer of its own (a slice, a duplicate): the collector unmaps it.
            }
        }
    }

    /** A storage that records the digest of every file written through it. */
    static final class Recording extends ForwardingStorage {

        private final Map<String, Checksums.Digest> written = new LinkedHashMap<>();

        Recording(Storage storage) {
            super(storage);
        }

        @Override
        public void write(String key, String fileName, ContentWriter content) throws IOException {
            delegate().write(key, fileName, out -> {
                Checksums.Summing summing = new Checksums.Summing(out);
                content.writeTo(summing);
                summing.flush();
                synchronized (written) {
                    written.put(fileName, summing.digest());
                }
            });
        }

        Map<String, Checksums.Digest> written() {
            synchronized (written) {
                return Map.copyOf(written);
            }
        }
    }

    /** A storage whose reads of recorded files are checked against their digests. */
    static final class Verifying extends ForwardingStorage {

        private final String key;
        private final Map<String, Checksums.Digest> expected;
        private final List<Checksums.Checking> opened = new ArrayList<>();
        /** Why a file mapped whole did not match its digest, if one did not. */
        private volatile Optional<String> mappedDamage = Optional.empty();

        Verifying(Storage storage, String key, Map<String, Checksums.Digest> expected) {
            super(storage);
            this.key = key;
            this.expected = expected;
        }

        @Override
        public InputStream read(String key, String fileName) throws IOException {
            InputStream in = delegate().read(key, fileName);
            Checksums.Digest digest = key.equals(this.key) ? expected.get(fileName) : null;
            if (digest == null) {
                return in;
            }
            Checksums.Checking verifying = new Checksums.Checking(in, fileName, digest);
            synchronized (opened) {
                opened.add(verifying);
            }
            return verifying;
        }

        /**
         * {@inheritDoc} A recorded file is checked whole against its digest before it is handed out.
         *
         * @throws CacheException if it does not match
         */
        @Override
        public Optional<java.nio.ByteBuffer> map(String key, String fileName) throws IOException {
            Optional<java.nio.ByteBuffer> mapped = delegate().map(key, fileName);
            Checksums.Digest digest = key.equals(this.key) ? expected.get(fileName) : null;
            if (mapped.isPresent() && digest != null) {
                Optional<String> problem = Checksums.check(mapped.get(), fileName, digest);
                if (problem.isPresent()) {
                    unmap(mapped.get()); // a damaged entry is removed next, which a mapped file would keep on Windows
                    mappedDamage = problem;
                    throw new CacheException(damage().orElseThrow());
                }
            }
            return mapped;
        }

        /** The length recorded for {@code fileName} of this entry, or {@code -1} if none is. */
        long recordedBytes(String fileName) {
            Checksums.Digest digest = expected.get(fileName);
            return digest == null ? -1 : digest.bytes();
        }

        /**
         * Why the files read so far do not match their digests, if they do not: reads what each
         * reader left unread, so the whole file is checked whatever the reader needed of it.
         */
        Optional<String> damage() {
            if (mappedDamage.isPresent()) {
                return Optional.of("Entry " + key + " is damaged: " + mappedDamage.get());
            }
            List<Checksums.Checking> streams;
            synchronized (opened) {
                streams = List.copyOf(opened);
            }
            for (Checksums.Checking stream : streams) {
                Optional<String> problem = stream.finish();
                if (problem.isPresent()) {
                    return Optional.of("Entry " + key + " is damaged: " + problem.get());
                }
            }
            return Optional.empty();
        }

        /** Throws if the files read do not match their digests. */
        void check() {
            Optional<String> damage = damage();
            if (damage.isPresent()) {
                throw new CacheException(damage.get());
            }
        }
    }
}
