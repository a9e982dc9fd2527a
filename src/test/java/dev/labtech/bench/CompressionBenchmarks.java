package dev.labtech.bench;

import com.github.luben.zstd.Zstd;
import dev.labtech.Lab;
import dev.labtech.cache.BinaryCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;
import org.apache.commons.io.file.PathUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whether the team cache should compress what it uploads, and with what: LZ4 (lz4-java), zstd
 * levels 1 and 3 (zstd-jni, native), zstd in pure Java (aircompressor) and gzip level 1 (the JDK's
 * own zlib, with gzip's CRC-32; what S3Storage uses). Each codec's compression and
 * decompression of BinaryCache's own {@code data.bin} for three shapes — 100,000 records
 * {@code (String, int, double)}, 1.25M regular doubles ({@code i * 0.5}), and 1.25M random
 * doubles (as model weights are) — and, printed at set-up, the size each codec leaves. See
 * BENCHMARKS.md for the command and the decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CompressionBenchmarks {

    public interface Shapes3 {
        @LabtechCached(cache = BinaryCache.class)
        default java.util.ArrayList<Shapes.Rec> records(int count) {
            return Shapes.records(count);
        }

        @LabtechCached(cache = BinaryCache.class)
        default double[] regular(int count) {
            return Shapes.doubles(count);
        }

        @LabtechCached(cache = BinaryCache.class)
        default double[] weights(int count) {
            Random random = new Random(count);
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = random.nextGaussian() * 0.02;
            }
            return values;
        }
    }

    @Param({"records", "regular", "weights"})
    public String shape;

    @Param({"lz4", "zstd1", "zstd3", "air", "gzip1"})
    public String codec;

    /** Elements of each shape: a tenth of the new-JVM shapes, so one operation stays under a second. */
    public int scale = 10;

    byte[] data;
    /** gzip's CRC-32 of the last operation, kept so it is computed. */
    long checksum;
    byte[] compressed;
    int compressedLength;
    private Path directory;
    private final LZ4Factory lz4 = LZ4Factory.fastestInstance();
    private final io.airlift.compress.zstd.ZstdCompressor air = new io.airlift.compress.zstd.ZstdCompressor();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("labtech-compression");
        Shapes3 fixtures = new Lab(new LocalStorage(directory)).fixtures(Shapes3.class);
        switch (shape) {
            case "records" -> fixtures.records(Shapes.RECORDS / scale);
            case "regular" -> fixtures.regular(Shapes.DOUBLES / scale);
            default -> fixtures.weights(Shapes.DOUBLES / scale);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            Path file = files.filter(path -> path.getFileName().toString().equals(BinaryCache.RESULT_FILENAME))
                    .findFirst().orElseThrow();
            data = Files.readAllBytes(file);
        }
        compressed = new byte[maxCompressed(data.length)];
        compressedLength = compress();
        System.out.printf("%n%s %s: %d bytes -> %d (%.1f%%)%n", shape, codec, data.length, compressedLength,
                100.0 * compressedLength / data.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        PathUtils.deleteDirectory(directory);
    }

    private int maxCompressed(int length) {
        return switch (codec) {
            case "lz4" -> lz4.fastCompressor().maxCompressedLength(length);
            case "air" -> air.maxCompressedLength(length);
            case "gzip1" -> length + length / 1000 + 1024;
            default -> (int) Zstd.compressBound(length);
        };
    }

    /** The compressed length; the bytes in {@link #compressed}. */
    @Benchmark
    public int compress() {
        if (codec.equals("lz4")) {
            LZ4Compressor compressor = lz4.fastCompressor();
            return compressor.compress(data, 0, data.length, compressed, 0, compressed.length);
        }
        if (codec.equals("air")) {
            return air.compress(data, 0, data.length, compressed, 0, compressed.length);
        }
        if (codec.equals("gzip1")) {
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true);
            try {
                deflater.setInput(data);
                deflater.finish();
                int length = deflater.deflate(compressed);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32(); // gzip's trailer, as S3Storage writes it
                crc.update(data);
                checksum = crc.getValue();
                return length;
            } finally {
                deflater.end();
            }
        }
        return (int) Zstd.compressByteArray(compressed, 0, compressed.length, data, 0, data.length,
                codec.equals("zstd1") ? 1 : 3);
    }

    /** The data again, from {@link #compressed}. */
    @Benchmark
    public byte[] decompress() {
        byte[] restored = new byte[data.length];
        if (codec.equals("lz4")) {
            LZ4FastDecompressor decompressor = lz4.fastDecompressor();
            decompressor.decompress(compressed, 0, restored, 0, data.length);
        } else if (codec.equals("air")) {
            new io.airlift.compress.zstd.ZstdDecompressor().decompress(compressed, 0, compressedLength, restored, 0, restored.length);
        } else if (codec.equals("gzip1")) {
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            try {
                inflater.setInput(compressed, 0, compressedLength);
                inflater.inflate(restored);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32(); // gzip's trailer, as S3Storage checks it
                crc.update(restored);
                checksum = crc.getValue();
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException(e);
            } finally {
                inflater.end();
            }
        } else {
            Zstd.decompressByteArray(restored, 0, restored.length, compressed, 0, compressedLength);
        }
        return restored;
    }
}
