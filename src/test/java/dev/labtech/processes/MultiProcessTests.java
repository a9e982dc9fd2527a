package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.Lab;
import dev.labtech.LogRecorder;
import dev.labtech.Mode;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs, killed with SIGKILL or sharing one directory: what a crash or a forked build does. */
class MultiProcessTests {

    private static final int KILLS = 24;

    @TempDir
    Path work;

    /**
     * Kills a JVM saving a 25 MB result: twelve times spread evenly over a whole run, twelve times
     * aimed at the start of a file write (plus 0 to 15 ms). After every kill each entry must load its
     * right value without a warning, or be absent.
     */
    @Test
    void aJvmKilledAtAnyMomentOfASaveNeverLeavesAnEntryThatLoadsWrong() throws Exception {
        Path storage = work.resolve("storage");
        long fullRunMillis = timeFullRun(storage);
        Map<String, Integer> landed = new TreeMap<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            String cache = kill % 2 == 0 ? "json" : "java";
            ChildJvm child = ChildJvm.start(work.resolve("kill-" + kill + ".log"), LargeResultWriter.class,
                    storage.toString(), cache, "refresh");
            if (kill <= KILLS / 2) {
                Thread.sleep(fullRunMillis * kill / (KILLS / 2 + 1));
            } else {
                String file = kill % 4 < 2 ? "metadata.json" : "data.";
                child.awaitOutput("write-start " + file, Duration.ofSeconds(60));
                Thread.sleep((kill % 4) * 5L);
            }
            child.kill();

            landed.merge(phase(child.output()), 1, Integer::sum);
            assertEveryEntryLoadsRightOrIsAbsent(storage);
        }
        System.out.printf("labtech crash test: %d kills of a JVM saving about %d MB, landed %s%n",
                KILLS, 25, landed);

        for (String cache : List.of("json", "java")) {
            ChildJvm next = ChildJvm.start(work.resolve("next-" + cache + ".log"), LargeResultWriter.class,
                    storage.toString(), cache, "read_write");
            assertThat(next.await()).as(next.output()).isZero();
            assertThat(next.output()).contains("DONE 1 loaded, 0 computed");
        }
        int leftovers = temporaryFiles(storage).size();
        assertThat(new LocalStorage(storage).removeLeftovers(Duration.ZERO)).isEqualTo(leftovers);
        assertThat(temporaryFiles(storage)).isEmpty();
        assertThat(landed.getOrDefault("while writing the result", 0)).isPositive();
    }

    /** Where in a save the child was when it died, from the last marker it printed. */
    private static String phase(String output) {
        String last = output.lines().filter(line -> line.startsWith("write-")).reduce((a, b) -> b).orElse("");
        if (last.isEmpty()) {
            return "before saving";
        }
        if (last.startsWith("write-start data.")) {
            return "while writing the result";
        }
        if (last.startsWith("write-end data.")) {
            return "between result and metadata";
        }
        if (last.startsWith("write-start metadata.json")) {
            return "while writing metadata";
        }
        return "after saving";
    }

    @Test
    void severalJvmsOnOneDirectoryComputeEachKeyOnceAndReadNoTornEntry() throws Exception {
        List<String> computations = runWorkers(3, "lock");

        assertThat(computations).hasSize(SharedDirectoryWorker.KEYS).doesNotHaveDuplicates();
        System.out.printf("labtech shared directory with lock: %d computations of %d keys by 3 JVMs%n",
                computations.size(), SharedDirectoryWorker.KEYS);
    }

    @Test
    void withoutTheLockJvmsMayComputeTwiceButStillReadNoTornEntry() throws Exception {
        List<String> computations = runWorkers(3, "no-lock");

        assertThat(computations).hasSizeBetween(SharedDirectoryWorker.KEYS, 3 * SharedDirectoryWorker.KEYS);
        System.out.printf("labtech shared directory without lock: %d computations of %d keys by 3 JVMs%n",
                computations.size(), SharedDirectoryWorker.KEYS);
    }

    private List<String> runWorkers(int count, String lock) throws Exception {
        Path storage = work.resolve("shared");
        Path computations = work.resolve("computations.log");
        List<ChildJvm> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(ChildJvm.start(work.resolve("worker-" + i + ".log"), SharedDirectoryWorker.class,
                    storage.toString(), lock, computations.toString()));
        }
        long start = System.nanoTime();
        for (ChildJvm worker : workers) {
            assertThat(worker.await()).as(worker.output()).isZero();
            assertThat(worker.output()).contains("DONE");
        }
        System.out.printf("labtech shared directory (%s): all %d JVMs done %d ms after the last started%n", lock, count,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        return Files.readAllLines(computations);
    }

    private long timeFullRun(Path storage) throws Exception {
        long start = System.nanoTime();
        ChildJvm child = ChildJvm.start(work.resolve("full.log"), LargeResultWriter.class, storage.toString(), "json",
                "refresh");
        assertThat(child.await()).as(child.output()).isZero();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /** Every stored entry loads its right value without a warning; a missing entry is computed. */
    private static void assertEveryEntryLoadsRightOrIsAbsent(Path storage) {
        Lab lab = Lab.builder().storage(new LocalStorage(storage)).mode(Mode.READ_ONLY).build();
        LargeFixtures fixtures = lab.fixtures(LargeFixtures.class);
        try (LogRecorder log = new LogRecorder()) {
            assertThat(fixtures.json(7).isRight()).isTrue();
            assertThat(fixtures.serialized(7).isRight()).isTrue();
            assertThat(log.messages(Level.WARNING)).as("a warning means an entry was torn").isEmpty();
        }
    }

    private static String metadata(Path storage, String cache) throws IOException {
        try (Stream<Path> entries = Files.list(storage)) {
            Path entry = entries.filter(path -> path.getFileName().toString().startsWith(cache + "__"))
                    .findFirst().orElse(null);
            Path metadata = entry == null ? null : entry.resolve("metadata.json");
            return metadata != null && Files.exists(metadata) ? Files.readString(metadata) : "";
        }
    }

    private static List<Path> temporaryFiles(Path storage) throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(path))
                    .toList();
        }
    }
}
