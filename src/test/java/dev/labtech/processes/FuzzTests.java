package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated cache files, loaded in a JVM with a small heap ({@link FuzzProgram}): each load ends
 * within a bound as the original value or a recomputation. The seed is fixed so CI is repeatable;
 * {@code -Dlabtech.fuzz.seed=N} tries others, and a failure replays with
 * {@code FuzzProgram <directory> <seed> <mutants>}.
 */
class FuzzTests {

    @TempDir
    Path directory;

    @Test
    void everyMutantOfEveryFileLoadsAsTheOriginalOrIsComputedAgain() throws Exception {
        long seed = Long.getLong("labtech.fuzz.seed", 20261201L);
        ChildJvm jvm = ChildJvm.start(directory.resolve("out.txt"), System.getProperty("java.class.path"),
                List.of("-Xmx64m", "-Xss512k"), FuzzProgram.class, directory.resolve("cache").toString(),
                Long.toString(seed), "250");

        int exit = jvm.await();

        assertThat(jvm.output()).as("seed " + seed).doesNotContain("FAILED")
                .contains("all mutants loaded as the original or computed again")
                .contains("data.bin of bin__: 250 mutants", "data.ser of java__: 250 mutants", "data.json of json__: 250 mutants");
        assertThat(exit).as("seed " + seed + ": " + jvm.output()).isZero();
        System.out.println("fuzzed with seed " + seed + ":\n" + jvm.output());
    }
}
