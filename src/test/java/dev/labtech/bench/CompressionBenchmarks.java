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
 * Whether the team cache should compress what it uploads: each codec's compression and
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

    @Param({"lz4", "zstd1", "zstd3"})
    public String codec;

    /** Elements of each shape: a tenth of the new-JVM shapes, so one operation stays under a second. */
    public int scale = 10;

    byte[] data;
    byte[] compressed;
    int compressedLength;
    private Path directory;
    private final LZ4Factory lz4 = LZ4Factory.fastestInstance();

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
        return codec.equals("lz4") ? lz4.fastCompressor().maxCompressedLength(length) : (int) Zstd.compressBound(length);
    }

    /** The compressed length; the bytes in {@link #compressed}. */
    @Benchmark
    public int compress() {
        if (codec.equals("lz4")) {
            LZ4Compressor compressor = lz4.fastCompressor();
            return compressor.compress(data, 0, data.length, compressed, 0, compressed.length);
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
        } else {
            Zstd.decompressByteArray(restored, 0, restored.length, compressed, 0, compressedLength);
        }
        return restored;
    }
}
