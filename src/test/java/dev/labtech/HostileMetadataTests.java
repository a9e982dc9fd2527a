package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile {@code metadata.json} files: numbers that take minutes to convert, and recorded calls
 * naming classes whose initialisers or constructors do things. Each is at most a miss, a
 * recomputation and one warning, within a bound, and runs none of the named classes' code.
 */
class HostileMetadataTests {

    static final AtomicInteger CALLS = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a forged call names: running its initialiser or constructor would leave a mark. */
    public static final class Trap {
        static {
            System.setProperty("labtech.trap", "initialised");
        }

        public Trap() {
            System.setProperty("labtech.trap", "constructed");
        }
    }

    public interface Fixtures {
        @LabtechCached
        default List<String> outer(int size) {
            CALLS.incrementAndGet();
            return List.of("outer", String.valueOf(inner(size).size()));
        }

        @LabtechCached
        default List<Object> inner(int size) {
            CALLS.incrementAndGet();
            return List.of(size, "x");
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
        System.clearProperty("labtech.trap");
    }

    private Fixtures fixtures() {
        return new Lab(new LocalStorage(directory)).fixtures(Fixtures.class);
    }

    private Path entryOf(String method) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().contains("Fixtures-" + method + "__"))
                    .findFirst().orElseThrow();
        }
    }

    private static void editMetadata(Path entry, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = entry.resolve("metadata.json");
        ObjectNode metadata = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(metadata);
        Files.writeString(file, JSON.writeValueAsString(metadata));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+99999999", "1E-99999999", "-1", "123456789012345678901234567890"})
    @Timeout(20) // 1E+99999999 took minutes to turn into nanoseconds
    void aDurationOutOfRangeIsOneWarningAndARecomputation(String duration) throws IOException {
        fixtures().inner(2);
        Path entry = entryOf("inner");
        String text = Files.readString(entry.resolve("metadata.json"));
        Files.writeString(entry.resolve("metadata.json"),
                text.replaceFirst("\"duration_seconds\":[^,}]+", "\"duration_seconds\":" + duration));

        try (LogRecorder log = new LogRecorder()) {
            assertThat(fixtures().inner(2)).containsExactly(2, "x");
            assertThat(log.warnings()).singleElement().asString().matches("(?s).*(duration_seconds|a number out of range).*");
        }
        assertThat(CALLS).hasValue(2);
        assertThat(new Lab(new LocalStorage(directory)).cachedResults()).as("listing stays quick").hasSize(1);
    }

    /**
     * A recorded nested call naming a class with an initialiser and a constructor — as its fixture,
     * among its argument classes, as a tagged argument — and a JDK class whose constructor creates
     * a file: deciding whether the entry is stale runs none of them.
     */
    @Test
    @Timeout(20)
    void aForgedNestedCallRunsNoCodeOfTheClassesItNames() throws IOException {
        fixtures().outer(2);
        Path entry = entryOf("outer");
        Path log = Path.of(System.getProperty("user.home"), "java0.log");
        boolean logExisted = Files.exists(log);
        editMetadata(entry, metadata -> {
            ArrayNode calls = (ArrayNode) metadata.path("calls");
            assertThat(calls).as("the outer call recorded the inner one").hasSize(1);
            ObjectNode task = (ObjectNode) calls.get(0).path("task");
            ObjectNode forged = task.deepCopy();
            forged.put("fixture", Trap.class.getName());
            calls.addObject().put("key", "bin__Trap-inner__" + "0".repeat(40)).set("task", forged);
            ArrayNode classes = task.putArray("argument_classes");
            classes.add(Trap.class.getName()).add("java.util.logging.FileHandler");
            ArrayNode arguments = task.putArray("arguments");
            arguments.addObject().putObject("@" + Trap.class.getName());
            arguments.addObject().putObject("@java.util.logging.FileHandler");
        });

        List<String> values = fixtures().outer(2);

        assertThat(values).containsExactly("outer", "2");
        assertThat(System.getProperty("labtech.trap")).as("Trap's initialiser and constructor did not run").isNull();
        assertThat(Files.exists(log)).as("no FileHandler was made").isEqualTo(logExisted);
    }

    /** The same forged call through the public API that reads a stored call back as a Task. */
    @Test
    void readingAStoredCallBackAdmitsOnlyTheDeclaredTypes() throws IOException {
        fixtures().inner(2);
        Path entry = entryOf("inner");
        editMetadata(entry, metadata -> {
            ObjectNode task = (ObjectNode) metadata.path("task");
            task.putArray("arguments").addObject().putObject("@" + Trap.class.getName());
        });
        dev.labtech.cache.BinaryCache cache = new dev.labtech.cache.BinaryCache();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.loadTask(new LocalStorage(directory),
                        entry.getFileName().toString(), getClass().getClassLoader()))
                .hasMessageContaining(Trap.class.getName());
        assertThat(System.getProperty("labtech.trap")).isNull();
        JsonNode unchanged = JSON.readTree(entry.resolve("metadata.json").toFile());
        assertThat(unchanged.path("task").path("fixture").asString()).isEqualTo(Fixtures.class.getName());
    }
}
