package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results held in memory never exhaust the heap, and one in use is never handed out twice. */
class MemoryBoundTests {

    @TempDir
    Path directory;

    @Test
    void fixturesTotallingFourTimesTheHeapFinishAndAResultInUseStaysOneInstance() throws Exception {
        ChildJvm jvm = ChildJvm.start(directory.resolve("out.txt"), System.getProperty("java.class.path"),
                List.of("-Xmx256m"), MemoryBoundProgram.class, "64");

        assertThat(jvm.await()).as(jvm.output()).isZero();
        assertThat(jvm.output())
                .contains("called 64 blocks of 16 MB, computed 64")
                .contains("same instance while in use: true")
                .contains("computed after the second call of block 0: 64")
                .doesNotContain("OutOfMemoryError");
    }
}
