package dev.labtech.bench;

import dev.labtech.Lab;
import dev.labtech.storage.LayeredStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.io.file.PathUtils;

/**
 * What a laptop's download from the team cache costs, in one warm JVM against s3proxy on
 * 127.0.0.1: CI computes and pushes 1M records and 12.5M regular doubles (100 MB) once; then
 * {@code rounds} laptops, each with an empty directory, load both, timed. On loopback the network
 * costs almost nothing, so this shows what compression costs when bytes are free; run it on two
 * commits to compare. {@code java -cp "$CP" dev.labtech.bench.TeamCacheDownload [rounds [divisor]]},
 * the divisor shrinking both shapes. Every loaded value is compared with the computed one.
 */
public final class TeamCacheDownload {

    /** The bytes in the bucket, and the median download-and-load of each shape in milliseconds. */
    record Download(long bucketBytes, long records, long doubles) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int divisor = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        measure(rounds, Shapes.RECORDS / divisor, Shapes.DOUBLES / divisor);
    }

    static Download measure(int rounds, int recordCount, int doubleCount) throws Exception {
        Path root = Files.createTempDirectory("labtech-download");
        try (S3Server server = S3Server.start(Files.createDirectory(root.resolve("bucket")))) {
            Path ci = root.resolve("ci");
            CompressionBenchmarks.Shapes3 onCi = new Lab(new LayeredStorage(new LocalStorage(ci), server.storage("bench"), true))
                    .fixtures(CompressionBenchmarks.Shapes3.class);
            long pushStart = System.nanoTime();
            java.util.List<Shapes.Rec> computedRecords = onCi.records(recordCount);
            double[] computedDoubles = onCi.regular(doubleCount);
            System.out.printf("compute and push: %d ms%n", (System.nanoTime() - pushStart) / 1_000_000);
            long[] records = new long[rounds];
            long[] doubles = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                Path laptop = root.resolve("laptop-" + round);
                CompressionBenchmarks.Shapes3 onLaptop = new Lab(new LayeredStorage(new LocalStorage(laptop), server.storage("bench"), false))
                        .fixtures(CompressionBenchmarks.Shapes3.class);
                long start = System.nanoTime();
                java.util.List<Shapes.Rec> loadedRecords = onLaptop.records(recordCount);
                long middle = System.nanoTime();
                double[] loadedDoubles = onLaptop.regular(doubleCount);
                long end = System.nanoTime();
                if (!loadedRecords.equals(computedRecords) || !Arrays.equals(loadedDoubles, computedDoubles)) {
                    throw new IllegalStateException("a laptop loaded another value than CI computed");
                }
                records[round] = (middle - start) / 1_000_000;
                doubles[round] = (end - middle) / 1_000_000;
                PathUtils.deleteDirectory(laptop);
            }
            long bucketBytes;
            try (var objects = Files.walk(root.resolve("bucket"))) {
                bucketBytes = objects.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
            }
            System.out.printf("bucket: %.1f MB%n", bucketBytes / 1e6);
            System.out.printf("download and load, ms: records %s, doubles %s; medians %d and %d%n", Arrays.toString(records),
                    Arrays.toString(doubles), median(records), median(doubles));
            return new Download(bucketBytes, median(records), median(doubles));
        } finally {
            PathUtils.deleteDirectory(root);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
