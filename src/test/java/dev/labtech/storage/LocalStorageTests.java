package dev.labtech.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalStorageTests {

    @TempDir
    Path directory;

    @Test
    void createsItsDirectoryWithAGitignore() {
        Path storageDirectory = directory.resolve("a/b/.labtech");

        new LocalStorage(storageDirectory);

        assertThat(storageDirectory.resolve(".gitignore")).hasContent("*");
    }

    @Test
    void writesReadsListsAndDeletesEntries() throws IOException {
        LocalStorage storage = new LocalStorage(directory);

        storage.write("key1", "data.json", out -> out.write("[1]".getBytes(UTF_8)));

        assertThat(storage.findKeys()).containsExactly("key1");
        assertThat(storage.exists("key1")).isTrue();
        try (InputStream in = storage.read("key1", "data.json")) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("[1]");
        }
        assertThat(storage.size("key1")).isEqualTo(3);
        storage.delete("key1");
        assertThat(storage.findKeys()).isEmpty();
        assertThat(storage.exists("key1")).isFalse();
        assertThatThrownBy(() -> storage.read("key1", "data.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aWriterThatFailsLeavesThePreviousContentAndNoTemporaryFile() throws IOException {
        LocalStorage storage = new LocalStorage(directory);
        storage.write("key", "data.json", out -> out.write("old".getBytes(UTF_8)));

        assertThatThrownBy(() -> storage.write("key", "data.json", out -> {
            out.write("half of the new con".getBytes(UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        try (InputStream in = storage.read("key", "data.json")) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("old");
        }
        try (var files = Files.list(directory.resolve("key"))) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("data.json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../outside", "a/b", "a\\b", "name.with.dots", "/etc"})
    void refusesKeysThatAreEmptyOrCouldLeaveTheStorage(String key) {
        LocalStorage storage = new LocalStorage(directory);

        assertThatThrownBy(() -> storage.write(key, "data.json", out -> out.write(1)))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Invalid storage key '" + key + "'");
        assertThatThrownBy(() -> storage.read(key, "data.json")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(StorageException.class);
        assertThat(directory.getParent().resolve("outside")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../metadata.json", "../../escape", "sub/file", "a\\b", ".hidden"})
    void refusesFileNamesThatAreEmptyHiddenOrCouldLeaveTheEntry(String fileName) {
        LocalStorage storage = new LocalStorage(directory);

        assertThatThrownBy(() -> storage.write("key", fileName, out -> out.write(1)))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Invalid file name '" + fileName + "' in entry key");
        assertThatThrownBy(() -> storage.read("key", fileName)).isInstanceOf(StorageException.class);
        assertThat(directory.getParent().resolve("escape")).doesNotExist();
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsAClearError() throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "x");

        assertThatThrownBy(() -> new LocalStorage(file))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot use " + file + " as a labtech storage directory");
    }
}
