package dev.labtech.bench;

import dev.labtech.Lab;
import dev.labtech.Task;
import dev.labtech.TaskResult;
import dev.labtech.cache.BinaryCache;
import dev.labtech.cache.Cache;
import dev.labtech.cache.CacheKey;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
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
 * Warm paths of the engine, measured with JMH (see BENCHMARKS.md for the command and results):
 * a memory hit, a small disk hit, the key of a large argument, saving and loading each shape with
 * each cache, the checksum, and opening a storage of 10,000 entries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LabBenchmarks {

    public interface Small {
        @LabtechCached
        default List<Integer> small(int n) {
            return List.of(n, n + 1, n + 2);
        }

        @LabtechCached
        default int sizeOf(List<String> words) {
            return words.size();
        }
    }

    @Param({"binary", "json", "java"})
    public String cache;

    private Path directory;
    private Small memory;
    private Cache theCache;
    private LocalStorage storage;
    private CacheKey smallKey;
    private CacheKey recordsKey;
    private Task largeArgument;
    private ArrayList<Shapes.Rec> records;
    private ArrayList<Shapes.Rec> thousand;
    private CacheKey thousandKey;
    private byte[] hundredMegabytes;
    private Path tenThousand;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("labtech-jmh");
        storage = new LocalStorage(directory.resolve("store"));
        memory = new Lab(storage).fixtures(Small.class);
        memory.small(1);
        theCache = switch (cache) {
            case "json" -> new JsonCache();
            case "java" -> new JavaSerializationCache();
            default -> new BinaryCache();
        };
        smallKey = theCache.cacheKey(new Task(Small.class, Small.class.getMethod("small", int.class), new Object[] {7}, ""));
        theCache.save(storage, smallKey, new TaskResult<>(new ArrayList<>(List.of(7, 8, 9)), meta()));
        records = Shapes.records(100_000);
        Class<?> fixtures = switch (cache) {
            case "json" -> Shapes.JsonFixtures.class;
            case "java" -> Shapes.JavaFixtures.class;
            default -> Shapes.BinaryFixtures.class;
        };
        recordsKey = theCache.cacheKey(new Task(fixtures, fixtures.getMethod("records", int.class),
                new Object[] {100_000}, ""));
        theCache.save(storage, recordsKey, new TaskResult<>(records, meta()));
        thousand = Shapes.records(1_000);
        thousandKey = theCache.cacheKey(new Task(fixtures, fixtures.getMethod("records", int.class),
                new Object[] {1_000}, ""));
        List<String> words = IntStream.range(0, 10_000).mapToObj(i -> "word-" + i).toList();
        largeArgument = new Task(Small.class, Small.class.getMethod("sizeOf", List.class), new Object[] {words}, "");
        hundredMegabytes = new byte[100_000_000];
        tenThousand = directory.resolve("ten-thousand");
        LocalStorage many = new LocalStorage(tenThousand);
        for (int i = 0; i < 10_000; i++) {
            many.write("key" + i, "data.bin", out -> out.write(1));
        }
    }

    private static dev.labtech.ResultMeta meta() {
        return new dev.labtech.ResultMeta(java.time.Instant.now(), java.time.Duration.ofSeconds(1));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        PathUtils.deleteDirectory(directory);
    }

    /** A call found in memory: the cost of every call after the first in a test run. */
    @Benchmark
    public List<Integer> memoryHit() {
        return memory.small(1);
    }

    /** A small result loaded from disk: metadata, checksum and the cache's format. */
    @Benchmark
    public Object diskHitSmall() {
        return theCache.loadResultWithMeta(storage, smallKey).value();
    }

    /** The key of a call with a 10,000-element list argument. */
    @Benchmark
    public CacheKey keyOfLargeArgument() {
        return theCache.cacheKey(largeArgument);
    }

    /** Saving 100,000 records (a tenth of the cold harness's shape). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void saveRecords() {
        theCache.save(storage, recordsKey, new TaskResult<>(records, meta()));
    }

    /** Saving a 3-element list: small results are read back before they are committed. */
    @Benchmark
    public void saveSmall() {
        theCache.save(storage, smallKey, new TaskResult<>(new ArrayList<>(List.of(7, 8, 9)), meta()));
    }

    /** Saving 1,000 records (tens of kilobytes: read back too). */
    @Benchmark
    public void saveThousandRecords() {
        theCache.save(storage, thousandKey, new TaskResult<>(thousand, meta()));
    }

    /** Loading 100,000 records. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object loadRecords() {
        return theCache.loadResultWithMeta(storage, recordsKey).value();
    }

    /** CRC-32C of 100 MB: what checking a result file of that size costs. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long crc32c100MB() {
        CRC32C crc = new CRC32C();
        crc.update(hundredMegabytes, 0, hundredMegabytes.length);
        return crc.getValue();
    }

    /** Opening a storage of 10,000 entries: the start-up cost every test JVM pays. */
    @Benchmark
    public LocalStorage openStorageOf10000() {
        return new LocalStorage(tenThousand);
    }
}
