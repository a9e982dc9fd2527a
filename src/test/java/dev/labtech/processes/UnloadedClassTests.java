package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import dev.labtech.EntryEdits;
import dev.labtech.Lab;
import dev.labtech.internal.binary.GuardedKryo;
import dev.labtech.storage.LocalStorage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class named in a hostile {@code data.bin} that the fixture cannot return is refused by its
 * name: the JVM loading the entry never loads it (watched with {@code -Xlog:class+load}).
 */
class UnloadedClassTests {

    @TempDir
    Path directory;

    @Test
    void aClassNamedInAHostileFileIsNeverLoaded() throws Exception {
        Path cache = directory.resolve("cache");
        new Lab(new LocalStorage(cache)).fixtures(UnloadedClassProgram.Fixtures.class).values(3);
        Path entry;
        try (Stream<Path> entries = Files.list(cache)) {
            entry = entries.filter(path -> path.getFileName().toString().startsWith("bin__")).findFirst().orElseThrow();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(dev.labtech.EntryEdits.binaryHeader());
        Object hostile = new ArrayList<>(List.of(org.assertj.core.data.Offset.offset(1.0)));
        GuardedKryo.writing(kryo -> {
            Output output = new com.esotericsoftware.kryo.unsafe.UnsafeOutput(bytes);
            kryo.writeClassAndObject(output, hostile);
            output.flush();
            return null;
        });
        EntryEdits.rewrite(entry, "data.bin", bytes.toByteArray());

        ChildJvm jvm = ChildJvm.start(directory.resolve("out.txt"), System.getProperty("java.class.path"),
                List.of("-Xmx256m", "-Xlog:class+load=info"), UnloadedClassProgram.class, cache.toString());

        assertThat(jvm.await()).as(jvm.output()).isZero();
        assertThat(jvm.output()).contains("a org.assertj.core.data.Offset, which is not among the classes",
                "computed", "values: [v, 3]");
        assertThat(jvm.output().lines().filter(line -> line.contains("org.assertj.core.data.Offset ")
                && line.contains("source:"))).as("Offset was never loaded").isEmpty();
    }
}
