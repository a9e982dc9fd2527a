package dev.labtech.cache;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams whose {@code close()} does nothing, for handing to code that closes what it is given
 * while the caller still has more to read or write: Apache OpenNLP's models close the stream they
 * are deserialized from, then Java serialization reads on. (commons-io's close shields turn a
 * closed stream into an empty one, which ends those reads just the same.)
 */
final class Unclosable {

    private Unclosable() {
    }

    /** {@code in}, except that closing it does nothing; its owner closes {@code in}. */
    static InputStream input(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return in.read(buffer, offset, length);
            }

            @Override
            public void close() {
                // The owner of the underlying stream closes it.
            }
        };
    }

    /** {@code out}, except that closing it only flushes; its owner closes {@code out}. */
    static OutputStream output(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
