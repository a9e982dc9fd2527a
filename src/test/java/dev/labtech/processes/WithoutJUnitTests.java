package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine runs with no JUnit jar on the class path, as the "Without JUnit" section of docs/operations.md promises. */
class WithoutJUnitTests {

    @TempDir
    Path directory;

    @Test
    void theEngineCachesListsAndDeletesWithoutJUnit() throws Exception {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith("classes") || entry.contains("jackson") || entry.contains("commons-io")
                        || entry.contains("esotericsoftware") || entry.contains("objenesis") || entry.contains("ow2"))
                .toList();
        assertThat(entries).extracting(entry -> Path.of(entry).getFileName().toString())
                .noneMatch(name -> name.startsWith("junit-") || name.startsWith("opentest4j"));
        String classPath = String.join(File.pathSeparator, entries);

        ChildJvm jvm = ChildJvm.start(directory.resolve("out.txt"), classPath, List.of("-Xmx256m"),
                WithoutJUnitProgram.class, directory.resolve("cache").toString());

        assertThat(jvm.await()).as(jvm.output()).isZero();
        assertThat(jvm.output()).contains("no JUnit on the class path",
                "first: [0, 1, 4, 9] 0 loaded, 1 computed",
                "second: [0, 1, 4, 9] 1 loaded, 0 computed",
                "listed: Fixtures#squares (4)",
                "after delete: 0");
    }
}
