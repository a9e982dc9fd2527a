package dev.labtech.bench;

import dev.labtech.Lab;
import dev.labtech.cache.BinaryCache;
import dev.labtech.junit.LabtechCached;
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
 * commits to compare. {@code java -cp "$CP" dev.labtech.bench.TeamCacheDownload [rounds]}
 */
public final class TeamCacheDownload {

    public interface Results {
        @LabtechCached(cache = BinaryCache.class)
        default java.util.ArrayList<Shapes.Rec> records(int count) {
            return Shapes.records(count);
        }

        @LabtechCached(cache = BinaryCache.class)
        default double[] doubles(int count) {
            return Shapes.doubles(count);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = Files.createTempDirectory("labtech-download");
        try (S3Server server = S3Server.start(Files.createDirectory(root.resolve("bucket")))) {
            Path ci = root.resolve("ci");
            Results onCi = new Lab(new LayeredStorage(new LocalStorage(ci), server.storage("bench"), true)).fixtures(Results.class);
            long pushStart = System.nanoTime();
            onCi.records(Shapes.RECORDS);
            onCi.doubles(Shapes.DOUBLES);
            System.out.printf("compute and push: %d ms%n", (System.nanoTime() - pushStart) / 1_000_000);
            long[] records = new long[rounds];
            long[] doubles = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                Path laptop = root.resolve("laptop-" + round);
                Results onLaptop = new Lab(new LayeredStorage(new LocalStorage(laptop), server.storage("bench"), false))
                        .fixtures(Results.class);
                long start = System.nanoTime();
                onLaptop.records(Shapes.RECORDS);
                long middle = System.nanoTime();
                onLaptop.doubles(Shapes.DOUBLES);
                long end = System.nanoTime();
                records[round] = (middle - start) / 1_000_000;
                doubles[round] = (end - middle) / 1_000_000;
                PathUtils.deleteDirectory(laptop);
            }
            try (var objects = Files.walk(root.resolve("bucket"))) {
                System.out.printf("bucket: %.1f MB%n", objects.filter(Files::isRegularFile)
                        .mapToLong(path -> path.toFile().length()).sum() / 1e6);
            }
            System.out.printf("download and load, ms: records %s, doubles %s; medians %d and %d%n", Arrays.toString(records),
                    Arrays.toString(doubles), median(records), median(doubles));
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
