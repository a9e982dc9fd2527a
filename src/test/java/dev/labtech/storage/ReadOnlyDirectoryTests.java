package dev.labtech.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.Lab;
import dev.labtech.LogRecorder;
import dev.labtech.Mode;
import dev.labtech.junit.LabtechCached;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cache directory the process cannot write — a read-only mount, as a CI image or a shared volume
 * with a pre-filled cache is — serves its entries in every mode that reads, and lists them. The
 * tests run as root, where {@code chmod} does not stop writes, so the directory is a {@code tmpfs}
 * remounted read-only; where mounting is not permitted the test is skipped, saying so.
 */
class ReadOnlyDirectoryTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    public interface Fixtures {
        @LabtechCached
        default List<Integer> squares(int count) {
            CALLS.incrementAndGet();
            return java.util.stream.IntStream.range(0, count).map(i -> i * i).boxed().toList();
        }
    }

    @TempDir
    Path parent;

    ReadOnlyMount mount;

    Path mounted;

    @BeforeEach
    void mountWritable() throws Exception {
        CALLS.set(0);
        mount = ReadOnlyMount.on(parent.resolve("cache"));
        mounted = mount.directory();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            mount.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"READ_WRITE", "READ_ONLY"})
    void aReadOnlyDirectoryServesItsEntriesAndListsThem(Mode mode) throws Exception {
        List<Integer> computed = new Lab(new LocalStorage(mounted)).fixtures(Fixtures.class).squares(4);
        mount.remountReadOnly();

        try (LogRecorder log = new LogRecorder()) {
            LocalStorage storage = new LocalStorage(mounted);
            Lab lab = Lab.builder().storage(storage).mode(mode).build();
            Fixtures fixtures = lab.fixtures(Fixtures.class);

            assertThat(storage.isReadOnly()).isTrue();
            assertThat(fixtures.squares(4)).isEqualTo(computed);
            assertThat(lab.statistics().loaded()).isEqualTo(1);
            assertThat(fixtures.squares(3)).as("a miss is computed").containsExactly(0, 1, 4);
            assertThat(fixtures.squares(3)).as("and kept in memory").containsExactly(0, 1, 4);
            assertThat(CALLS).hasValue(2);
            assertThat(lab.cachedResults()).as("what labtech:list shows").singleElement()
                    .satisfies(result -> assertThat(result.fixture()).isEqualTo("Fixtures#squares"));
            assertThat(log.warnings()).as("no warning for a cache that cannot be written").isEmpty();
            if (mode == Mode.READ_WRITE) {
                assertThat(log.messages(java.util.logging.Level.INFO)).anySatisfy(line -> assertThat(line)
                        .contains("(read-only) cannot be written: cached results load from it"));
            }
        }
    }
}
