package dev.labtech.bench;

import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A parameter sweep, timed in one JVM: {@code count} misses of a cheap fixture in an empty
 * directory, the same calls loaded from disk by a new lab, and 500 misses of another fixture
 * beside those entries against 500 in an empty directory; then the lock files left and how long
 * listing the storage takes. {@code java -cp <test class path> dev.labtech.bench.SweepHarness [count]}.
 */
public final class SweepHarness {

    /** The fixtures of a sweep: cheap to compute, one small result per argument. */
    public interface Sweep {
        @LabtechCached
        default int cheap(int i) {
            return i * 31;
        }

        @LabtechCached
        default int other(int i) {
            return i * 17;
        }
    }

    private static final int BESIDE = 500;

    public static void main(String[] arguments) throws Exception {
        int count = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 5_000;
        Path root = Files.createTempDirectory("labtech-sweep");
        Path full = root.resolve("full");
        Path empty = root.resolve("empty");

        warmUp(root.resolve("warm-up"));
        double misses = perCall(count, () -> {
            Sweep sweep = new Lab(new LocalStorage(full)).fixtures(Sweep.class);
            for (int i = 0; i < count; i++) {
                sweep.cheap(i);
            }
        });
        double hits = perCall(count, () -> {
            Sweep sweep = new Lab(new LocalStorage(full)).fixtures(Sweep.class);
            for (int i = 0; i < count; i++) {
                sweep.cheap(i);
            }
        });
        double missesBeside = perCall(BESIDE, () -> {
            Sweep sweep = new Lab(new LocalStorage(full)).fixtures(Sweep.class);
            for (int i = 0; i < BESIDE; i++) {
                sweep.other(i);
            }
        });
        double missesAlone = perCall(BESIDE, () -> {
            Sweep sweep = new Lab(new LocalStorage(empty)).fixtures(Sweep.class);
            for (int i = 0; i < BESIDE; i++) {
                sweep.other(i);
            }
        });
        long listing = System.nanoTime();
        int listed = new Lab(new LocalStorage(full)).cachedResults().size();
        double listingMs = (System.nanoTime() - listing) / 1e6;

        System.out.println("| what | per call |");
        System.out.println("|---|---|");
        System.out.printf("| %,d misses of a cheap fixture, empty directory | %.3f ms |%n", count, misses);
        System.out.printf("| %,d disk hits, a new lab | %.3f ms |%n", count, hits);
        System.out.printf("| %d misses of another fixture beside %,d entries | %.3f ms |%n", BESIDE, count, missesBeside);
        System.out.printf("| %d misses of that fixture, empty directory | %.3f ms (ratio %.2f) |%n", BESIDE, missesAlone,
                missesBeside / missesAlone);
        System.out.printf("| lock files left in .labtech/.locks | %d |%n", files(full.resolve(".locks")));
        System.out.printf("| listing %,d entries (labtech:list's inventory) | %.0f ms in all |%n", listed, listingMs);
    }

    /** Loads the classes and warms the paths a first call takes, outside the measurement. */
    private static void warmUp(Path directory) throws Exception {
        for (int round = 0; round < 2; round++) {
            Sweep sweep = new Lab(new LocalStorage(directory)).fixtures(Sweep.class);
            for (int i = 0; i < 200; i++) {
                sweep.cheap(i);
                sweep.other(i);
            }
        }
    }

    private static double perCall(int calls, Run run) throws Exception {
        long begin = System.nanoTime();
        run.run();
        return (System.nanoTime() - begin) / 1e6 / calls;
    }

    private static long files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.count();
        }
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }
}
