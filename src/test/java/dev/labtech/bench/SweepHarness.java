package dev.labtech.bench;

import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A parameter sweep, timed in one JVM after a warm-up: {@code count} misses of a cheap fixture in
 * an empty directory, the same calls loaded from disk by a new lab, then (the sweep filled up to
 * {@code beside} entries) rounds of 500 misses of another fixture beside them and 500 in an empty
 * directory, alternated; then the lock files left and how long listing the storage takes.
 * {@code java -cp <test class path> dev.labtech.bench.SweepHarness [count] [beside] [directory]}.
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

    private static final int MISSES = 500;
    private static final int ROUNDS = 5;

    public static void main(String[] arguments) throws Exception {
        int count = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 5_000;
        int beside = arguments.length > 1 ? Integer.parseInt(arguments[1]) : count;
        Path root = arguments.length > 2 ? Path.of(arguments[2]) : Files.createTempDirectory("labtech-sweep");
        Path full = root.resolve("full");

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
        Sweep filling = new Lab(new LocalStorage(full)).fixtures(Sweep.class);
        for (int i = count; i < beside; i++) {
            filling.cheap(i);
        }
        settle();
        // Misses of another fixture in an empty directory and beside the sweep's entries, alternated
        // over rounds so that neither has the warmer JIT or meets the write-back of the filling
        // alone; the medians of the rounds.
        double[] alone = new double[ROUNDS];
        double[] besideEntries = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            int from = round * MISSES;
            Path empty = root.resolve("empty-" + round);
            alone[round] = perCall(MISSES, () -> missOther(new LocalStorage(empty), from));
            besideEntries[round] = perCall(MISSES, () -> missOther(new LocalStorage(full), from));
        }
        long listing = System.nanoTime();
        int listed = new Lab(new LocalStorage(full)).cachedResults().size();
        double listingMs = (System.nanoTime() - listing) / 1e6;

        System.out.println("| what | measured |");
        System.out.println("|---|---|");
        System.out.printf("| %,d misses of a cheap fixture, empty directory | %.3f ms per call |%n", count, misses);
        System.out.printf("| %,d disk hits, a new lab | %.3f ms per call |%n", count, hits);
        System.out.printf("| %d misses of another fixture, empty directory (median of %d rounds) | %.3f ms per call |%n",
                MISSES, ROUNDS, median(alone));
        System.out.printf("| %d misses of that fixture beside %,d entries (median of %d rounds) | %.3f ms per call (%.2f× the "
                + "empty directory's) |%n", MISSES, beside, ROUNDS, median(besideEntries), median(besideEntries) / median(alone));
        System.out.printf("| files in .labtech/.locks afterwards | %d |%n", files(full.resolve(".locks")));
        System.out.printf("| listing %,d entries (labtech:list's inventory) | %.2f s |%n", listed, listingMs / 1000);
    }

    /**
     * Lets the system write back what filling the directory left dirty (a {@code sync} where there
     * is one): measured right after writing 45,000 entries, a miss beside them paid for that
     * write-back, about 2× the empty directory's; in a test run the entries were written long before.
     */
    private static void settle() throws InterruptedException {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (java.io.IOException noSync) {
            // not a POSIX system: the pause alone
        }
        Thread.sleep(2_000);
    }

    private static void missOther(LocalStorage storage, int from) {
        Sweep sweep = new Lab(storage).fixtures(Sweep.class);
        for (int i = from; i < from + MISSES; i++) {
            sweep.other(i);
        }
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

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
