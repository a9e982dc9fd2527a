package dev.labtech.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The length and CRC-32C of an entry's files, as {@code metadata.json} records them under
 * {@code files}: summed while a file is written, checked while it is read, by the caches and by the
 * team cache when it downloads an entry.
 */
public final class Checksums {

    private Checksums() {
    }

    /** A file's length in bytes and its CRC-32C. */
    public record Digest(long bytes, long crc32c) {

        /** The CRC-32C as metadata.json writes it: eight hex digits. */
        public String crcText() {
            return String.format("%08x", crc32c);
        }
    }

    /** Counts and checksums what is written through it. */
    public static final class Summing extends FilterOutputStream {

        private final CRC32C crc = new CRC32C();
        private long count;

        public Summing(OutputStream out) {
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

        /** The length and CRC-32C of what was written so far. */
        public Digest digest() {
            return new Digest(count, crc.getValue());
        }
    }

    /**
     * Counts and checksums what is read; on close or {@link #finish()}, reads the rest and compares
     * with the digest expected, so the whole file is checked whatever the reader needed of it. It
     * reads at most one byte more than the digest's length: a source that goes on (a file grown
     * since, a stream that decompresses to far more than it should) ends there and is reported as
     * longer than recorded, so nothing reads or copies more than an entry's metadata promises.
     */
    public static final class Checking extends FilterInputStream {

        private final String fileName;
        private final Digest expected;
        /** One byte past the expected length: enough to tell a longer source from a whole one. */
        private final long limit;
        private final CRC32C crc = new CRC32C();
        private long count;
        private boolean finished;
        private Optional<String> problem = Optional.empty();

        public Checking(InputStream in, String fileName, Digest expected) {
            super(in);
            this.fileName = fileName;
            this.expected = expected;
            this.limit = expected.bytes() == Long.MAX_VALUE ? Long.MAX_VALUE : expected.bytes() + 1;
        }

        @Override
        public int read() throws IOException {
            if (count >= limit) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                crc.update(b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length > 0 && count >= limit) {
                return -1;
            }
            int read = in.read(bytes, offset, (int) Math.min(length, limit - count));
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

        /** Reads what is left, closes the stream and says why the file does not match, if it does not. */
        public synchronized Optional<String> finish() {
            if (finished) {
                return problem;
            }
            finished = true;
            try (InputStream rest = in) {
                // Most readers read to the end: what is left is usually nothing, and a load does not pay for a large buffer.
                byte[] buffer = new byte[1024];
                while (read(buffer, 0, buffer.length) >= 0) {
                    // reading the rest into the checksum
                }
            } catch (IOException e) {
                problem = Optional.of("cannot read " + fileName + " to its end: " + e);
                return problem;
            }
            // Read up to the limit: the source has more, how much more is not worth reading.
            problem = count > expected.bytes()
                    ? Optional.of(fileName + " has more than the " + expected.bytes() + " bytes metadata.json records")
                    : mismatch(fileName, count, crc.getValue(), expected);
            return problem;
        }
    }

    /** Why the file whose bytes {@code buffer} holds (from its position to its limit) does not match its digest, if it does not. */
    public static Optional<String> check(java.nio.ByteBuffer buffer, String fileName, Digest expected) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate());
        return mismatch(fileName, buffer.remaining(), crc.getValue(), expected);
    }

    private static Optional<String> mismatch(String fileName, long count, long crc, Digest expected) {
        if (count != expected.bytes()) {
            return Optional.of(fileName + " has " + count + " bytes, but metadata.json records " + expected.bytes());
        }
        if (crc != expected.crc32c()) {
            return Optional.of(fileName + " does not match the CRC-32C metadata.json records ("
                    + String.format("%08x", crc) + ", not " + expected.crcText() + ")");
        }
        return Optional.empty();
    }
}
