package dev.labtech.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a file read through {@link Checksums.Checking} is compared with, and how much of its source it reads. */
class ChecksumsTests {

    private static Checksums.Digest digest(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new Checksums.Digest(bytes.length, crc.getValue());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 100_000})
    void aWholeFileMatchesWhetherItIsReadOrOnlyFinished(int length) throws IOException {
        byte[] bytes = new byte[length];
        new java.util.Random(length).nextBytes(bytes);

        Checksums.Checking read = new Checksums.Checking(new ByteArrayInputStream(bytes), "data.bin", digest(bytes));
        assertThat(read.readAllBytes()).isEqualTo(bytes);
        assertThat(read.finish()).isEmpty();

        Checksums.Checking unread = new Checksums.Checking(new ByteArrayInputStream(bytes), "data.bin", digest(bytes));
        assertThat(unread.finish()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 70_000})
    @org.junit.jupiter.api.Timeout(30) // without the bound, the copy never ends
    void aSourceThatGoesOnIsReadOneBytePastTheRecordedLengthAndNoFurther(int length) throws IOException {
        byte[] recorded = new byte[length];
        Endless source = new Endless();

        Checksums.Checking in = new Checksums.Checking(source, "data.bin", digest(recorded));
        long copied = in.transferTo(OutputStream.nullOutputStream());
        Optional<String> problem = in.finish();

        assertThat(problem).contains("data.bin has more than the " + length + " bytes metadata.json records");
        assertThat(copied).isEqualTo(length + 1L);
        assertThat(source.served).isEqualTo(length + 1L);
        assertThat(source.closed).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9})
    void aShorterOrChangedFileIsNamedWithWhatIsWrong(int cut) throws IOException {
        byte[] bytes = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - cut);
        assertThat(new Checksums.Checking(new ByteArrayInputStream(shorter), "data.bin", digest(bytes)).finish())
                .contains("data.bin has " + shorter.length + " bytes, but metadata.json records 10");

        byte[] changed = bytes.clone();
        changed[cut] ^= 1;
        assertThat(new Checksums.Checking(new ByteArrayInputStream(changed), "data.bin", digest(bytes)).finish())
                .hasValueSatisfying(text -> assertThat(text).startsWith("data.bin does not match the CRC-32C metadata.json records"));
    }

    /** Zeros without end, as a decompressing stream of a hostile object would give; counts what it served. */
    private static final class Endless extends InputStream {

        long served;
        boolean closed;

        @Override
        public int read() {
            served++;
            return 0;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            java.util.Arrays.fill(bytes, offset, offset + length, (byte) 0);
            served += length;
            return length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
