package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.storage.Storage;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The length and CRC-32C of each file of an entry: recorded while a cache writes them, checked
 * while it reads them back, so a truncated or altered file is a damaged entry, never a value.
 *
 * <p>Both happen in the stream the cache already reads or writes, so checking costs one pass of
 * CRC-32C (hardware-accelerated on x86 and ARM) over bytes that are in memory anyway.
 */
final class EntryFiles {

    /** A file's length in bytes and its CRC-32C. */
    record Digest(long bytes, long crc32c) {

        String crcText() {
            return String.format("%08x", crc32c);
        }
    }

    private EntryFiles() {
    }

    /**
     * The length {@code storage}, as handed to a cache's {@code loadResult}, expects of
     * {@code fileName}: what metadata.json records, or {@code -1} when it does not say.
     */
    static long recordedBytes(Storage storage, String fileName) {
        return storage instanceof Verifying verifying ? verifying.recordedBytes(fileName) : -1;
    }

    /** A storage that records the digest of every file written through it. */
    static final class Recording extends Delegating {

        private final Map<String, Digest> written = new LinkedHashMap<>();

        Recording(Storage storage) {
            super(storage);
        }

        @Override
        public void write(String key, String fileName, ContentWriter content) throws IOException {
            storage.write(key, fileName, out -> {
                DigestingOutputStream digesting = new DigestingOutputStream(out);
                content.writeTo(digesting);
                digesting.flush();
                synchronized (written) {
                    written.put(fileName, new Digest(digesting.count, digesting.crc.getValue()));
                }
            });
        }

        Map<String, Digest> written() {
            synchronized (written) {
                return Map.copyOf(written);
            }
        }
    }

    /** A storage whose reads of recorded files are checked against their digests. */
    static final class Verifying extends Delegating {

        private final String key;
        private final Map<String, Digest> expected;
        private final List<VerifyingInputStream> opened = new ArrayList<>();

        Verifying(Storage storage, String key, Map<String, Digest> expected) {
            super(storage);
            this.key = key;
            this.expected = expected;
        }

        @Override
        public InputStream read(String key, String fileName) throws IOException {
            InputStream in = storage.read(key, fileName);
            Digest digest = key.equals(this.key) ? expected.get(fileName) : null;
            if (digest == null) {
                return in;
            }
            VerifyingInputStream verifying = new VerifyingInputStream(in, fileName, digest);
            synchronized (opened) {
                opened.add(verifying);
            }
            return verifying;
        }

        /** The length recorded for {@code fileName} of this entry, or {@code -1} if none is. */
        long recordedBytes(String fileName) {
            Digest digest = expected.get(fileName);
            return digest == null ? -1 : digest.bytes();
        }

        /**
         * Why the files read so far do not match their digests, if they do not: reads what each
         * reader left unread, so the whole file is checked whatever the reader needed of it.
         */
        Optional<String> damage() {
            List<VerifyingInputStream> streams;
            synchronized (opened) {
                streams = List.copyOf(opened);
            }
            for (VerifyingInputStream stream : streams) {
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

    /** Counts and checksums what passes through. */
    private static final class DigestingOutputStream extends FilterOutputStream {

        final CRC32C crc = new CRC32C();
        long count;

        DigestingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            crc.update(bytes, offset, length);
            count += length;
        }
    }

    /** Counts and checksums what is read; on close or {@link #finish()}, reads the rest and compares. */
    private static final class VerifyingInputStream extends FilterInputStream {

        private final String fileName;
        private final Digest expected;
        private final CRC32C crc = new CRC32C();
        private long count;
        private boolean finished;
        private Optional<String> problem = Optional.empty();

        VerifyingInputStream(InputStream in, String fileName, Digest expected) {
            super(in);
            this.fileName = fileName;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                crc.update(b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = in.read(bytes, offset, length);
            if (read > 0) {
                crc.update(bytes, offset, read);
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must be checksummed too.
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            finish();
        }

        synchronized Optional<String> finish() {
            if (finished) {
                return problem;
            }
            finished = true;
            try (InputStream rest = in) {
                byte[] buffer = new byte[8192];
                while (read(buffer, 0, buffer.length) >= 0) {
                    // reading the rest into the checksum
                }
            } catch (IOException e) {
                problem = Optional.of("cannot read " + fileName + " to its end: " + e);
                return problem;
            }
            if (count != expected.bytes()) {
                problem = Optional.of(fileName + " has " + count + " bytes, but metadata.json records "
                        + expected.bytes());
            } else if (crc.getValue() != expected.crc32c()) {
                problem = Optional.of(fileName + " does not match the CRC-32C metadata.json records ("
                        + String.format("%08x", crc.getValue()) + ", not " + expected.crcText() + ")");
            }
            return problem;
        }
    }

    /** Forwards everything to a storage; subclasses change what they need. */
    private abstract static class Delegating implements Storage {

        final Storage storage;

        Delegating(Storage storage) {
            this.storage = storage;
        }

        @Override
        public List<String> findKeys() throws IOException {
            return storage.findKeys();
        }

        @Override
        public boolean exists(String key) throws IOException {
            return storage.exists(key);
        }

        @Override
        public InputStream read(String key, String fileName) throws IOException {
            return storage.read(key, fileName);
        }

        @Override
        public void write(String key, String fileName, ContentWriter content) throws IOException {
            storage.write(key, fileName, content);
        }

        @Override
        public void delete(String key) throws IOException {
            storage.delete(key);
        }

        @Override
        public long size(String key) throws IOException {
            return storage.size(key);
        }

        @Override
        public Lock lock(String key) throws IOException {
            return storage.lock(key);
        }

        @Override
        public String describe() {
            return storage.describe();
        }
    }
}
