package dev.labtech.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmarks runnable: each JMH benchmark once, and each candidate of the new-JVM
 * harness on a small shape, in this JVM. Their figures come from the commands in BENCHMARKS.md,
 * never from tests.
 */
class BenchmarkSmokeTests {

    @TempDir
    Path directory;

    @Test
    void everyJmhBenchmarkRuns() throws Exception {
        LabBenchmarks benchmarks = new LabBenchmarks();
        benchmarks.cache = "binary";
        benchmarks.setUp();
        try {
            assertThat(benchmarks.memoryHit()).containsExactly(1, 2, 3);
            assertThat(benchmarks.diskHitSmall()).isEqualTo(java.util.List.of(7, 8, 9));
            assertThat(benchmarks.keyOfLargeArgument().value()).startsWith("bin__Small-sizeOf__");
            benchmarks.saveRecords();
            assertThat((java.util.List<?>) benchmarks.loadRecords()).hasSize(100_000);
            assertThat(benchmarks.crc32c100MB()).isNotZero();
            assertThat(benchmarks.openStorageOf10000().findKeys()).hasSize(10_000);
        } finally {
            benchmarks.tearDown();
        }
    }

    @Test
    void everyCodecOfTheCompressionBenchmarkRoundTripsEveryShape() throws Exception {
        for (String shape : new String[] {"records", "regular", "weights"}) {
            for (String codec : new String[] {"lz4", "zstd1", "zstd3", "air", "gzip1"}) {
                CompressionBenchmarks benchmarks = new CompressionBenchmarks();
                benchmarks.shape = shape;
                benchmarks.codec = codec;
                benchmarks.scale = 1_000;
                benchmarks.setUp();
                try {
                    assertThat(benchmarks.compress()).as(shape + " " + codec).isPositive();
                    assertThat(benchmarks.decompress()).as(shape + " " + codec).isEqualTo(benchmarks.data);
                } finally {
                    benchmarks.tearDown();
                }
            }
        }
    }

    @Test
    void theTeamCacheDownloadLoadsWhatCiPushed() throws Exception {
        TeamCacheDownload.Download download = TeamCacheDownload.measure(2, 50_000, 200_000);

        assertThat(download.bucketBytes()).as("both results, compressed").isPositive()
                .isLessThan(50_000L * 20 + 200_000L * Double.BYTES);
        assertThat(download.records()).isNotNegative();
        assertThat(download.doubles()).isNotNegative();
    }

    @Test
    void theSweepHarnessMeasuresEveryRowAndLeavesNoLockFile() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            SweepHarness.main(new String[] {"40", "60", directory.toString()});
        } finally {
            System.setOut(original);
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| 40 misses of a cheap fixture, empty directory | ", "| 40 disk hits, a new lab | ",
                " beside 60 entries (median of 5 rounds) | ", "| files in .labtech/.locks afterwards | 0 |",
                "| listing 2,560 entries (labtech:list's inventory) | ");
        assertThat(table).doesNotContain("NaN", "| 0.000 ms");
    }

    @Test
    void everyColdHarnessCandidateSavesAndLoads() throws Exception {
        PrintStream original = System.out;
        for (String candidate : ColdHarness.JVM_CANDIDATES) {
            for (String shape : new String[] {"records", "doubles"}) {
                if (candidate.equals("floor") && shape.equals("records")) {
                    continue; // the floor is reading bytes into an array: the doubles shape only
                }
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                try {
                    ColdRun.main(new String[] {candidate, shape, "save", directory.toString(), "1000"});
                    ColdRun.main(new String[] {candidate, shape, "load", directory.toString(), "1000"});
                } finally {
                    System.setOut(original);
                }
                assertThat(printed.toString(StandardCharsets.UTF_8)).as(candidate + " " + shape)
                        .contains("check=1000:");
                if (candidate.startsWith("labtech-")) {
                    // Entry files, metadata and a rename: never under 0.05 ms, so a 0.0 is a broken measurement.
                    assertThat(printed.toString(StandardCharsets.UTF_8)).as(candidate + " " + shape + ": the save's time")
                            .doesNotContain("ms=0.0 ");
                }
            }
        }
    }
}
