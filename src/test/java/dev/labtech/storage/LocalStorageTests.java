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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalStorageTests {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, LocalStorage.READ_WHOLE_BELOW - 1, LocalStorage.READ_WHOLE_BELOW, 300_000})
    void aFileReadsBackWholeSmallOrStreamed(int size) throws IOException {
        LocalStorage storage = new LocalStorage(directory);
        byte[] content = new byte[size];
        new java.util.Random(size).nextBytes(content);
        storage.write("k", "data.bin", out -> out.write(content));

        try (InputStream in = storage.read("k", "data.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void createsItsDirectoryWithAGitignore() {
        Path storageDirectory = directory.resolve("a/b/.labtech");

        new LocalStorage(storageDirectory);

        assertThat(storageDirectory.resolve(".gitignore")).hasContent("*");
    }

    @Test
    void storagesOpenedAtOnceOnANewDirectoryAllOpen() throws Exception {
        // Test JVMs of one build start together: each writes the .gitignore of a new directory.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 40; round++) {
                Path storageDirectory = directory.resolve("round-" + round);
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<LocalStorage>> opened = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    opened.add(threads.submit(() -> {
                        start.await();
                        return new LocalStorage(storageDirectory);
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<LocalStorage> storage : opened) {
                    assertThat(storage.get().directory()).isEqualTo(storageDirectory);
                }
                assertThat(storageDirectory.resolve(".gitignore")).hasContent("*");
            }
        } finally {
            threads.shutdownNow();
        }
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

    @Test
    void findsKeysSortedAsLabtechDoes() throws IOException {
        LocalStorage storage = new LocalStorage(directory);
        for (String key : new String[] {"b_key", "c_key", "a_key"}) {
            storage.write(key, "data.json", out -> out.write('1'));
        }

        assertThat(storage.findKeys()).containsExactly("a_key", "b_key", "c_key");
    }

    @Test
    void replacesAStaleGitignoreWithAStarAsLabtechDoes() throws IOException {
        Files.writeString(directory.resolve(".gitignore"), "data.json\n");

        new LocalStorage(directory);

        assertThat(directory.resolve(".gitignore")).hasContent("*");
    }

    @Test
    void neverFollowsASymbolicLinkWhenListingSweepingLockingOrDeleting() throws IOException {
        Path outside = Files.createDirectories(directory.resolve("outside"));
        Files.writeString(outside.resolve("pom.xml"), "<project/>");
        Files.writeString(outside.resolve(".data.json.123e4567-e89b-12d3-a456-426614174000.tmp"), "not ours");
        Files.createDirectories(outside.resolve("json__Fixtures-a__" + "a".repeat(40)));
        Path storageDirectory = Files.createDirectories(directory.resolve(".labtech"));
        Files.createSymbolicLink(storageDirectory.resolve(".locks"), outside);
        String linkedKey = "json__Fixtures-b__" + "b".repeat(40);
        Files.createSymbolicLink(storageDirectory.resolve(linkedKey), outside);
        Files.createSymbolicLink(storageDirectory.resolve(".deleting-" + linkedKey + "-123e4567-e89b-12d3-a456-426614174000"),
                outside);
        LocalStorage storage = new LocalStorage(storageDirectory);
        storage.write("real", "data.json", out -> out.write('1'));
        Files.createSymbolicLink(storageDirectory.resolve("real/.data.json.123e4567-e89b-12d3-a456-426614174001.tmp"),
                outside.resolve("pom.xml"));
        List<String> before = listing(outside);

        assertThat(storage.findKeys()).containsExactly("real");
        assertThat(storage.exists(linkedKey)).isFalse();
        assertThat(storage.removeLeftovers(java.time.Duration.ZERO)).as("links are not leftovers of ours").isZero();
        storage.removeFreeLocks();
        storage.delete(linkedKey);
        assertThatThrownBy(() -> storage.lock("real")).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> storage.write(linkedKey, "data.json", out -> out.write('1')))
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> storage.read(linkedKey, "data.json")).isInstanceOf(NoSuchFileException.class);

        assertThat(listing(outside)).isEqualTo(before);
        assertThat(Files.readString(outside.resolve("pom.xml"))).isEqualTo("<project/>");
        assertThat(storageDirectory.resolve(linkedKey)).isSymbolicLink();
        assertThat(storageDirectory.resolve(".locks")).isSymbolicLink();
    }

    @Test
    void aDirectoryHoldingFilesNotItsOwnIsRefusedAndLeftAlone() throws IOException {
        Path module = Files.createDirectories(directory.resolve("module"));
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Files.writeString(module.resolve(".gitignore"), "target/\n");

        assertThatThrownBy(() -> new LocalStorage(module)).isInstanceOf(StorageException.class)
                .hasMessageContaining("it holds pom.xml, which is not a labtech cache's own");
        assertThat(module.resolve(".gitignore")).hasContent("target/");
        assertThat(listing(module)).containsExactly("", ".gitignore", "pom.xml");
    }

    @Test
    void aCacheOfAnEarlierRunIsItsOwnWithOrWithoutItsMarks() throws IOException {
        LocalStorage first = new LocalStorage(directory.resolve("cache"));
        first.write("key", "data.bin", out -> out.write(1));
        Files.delete(directory.resolve("cache/.gitignore"));
        if (Files.exists(directory.resolve("cache/.tmp"))) {
            org.apache.commons.io.file.PathUtils.deleteDirectory(directory.resolve("cache/.tmp"));
        }

        assertThat(LocalStorage.foreignContent(directory.resolve("cache"))).isEmpty();
        assertThat(new LocalStorage(directory.resolve("cache")).findKeys()).containsExactly("key");
        assertThat(LocalStorage.foreignContent(directory.resolve("new"))).isEmpty();
        Files.createDirectories(directory.resolve("cache/key/nested"));
        Files.deleteIfExists(directory.resolve("cache/.gitignore"));
        if (Files.exists(directory.resolve("cache/.tmp"))) {
            org.apache.commons.io.file.PathUtils.deleteDirectory(directory.resolve("cache/.tmp"));
        }
        assertThat(LocalStorage.foreignContent(directory.resolve("cache"))).contains("key");
    }

    @Test
    void aLinkInPlaceOfALockFileIsNotFollowed() throws IOException {
        LocalStorage storage = new LocalStorage(directory.resolve("cache"));
        Path target = directory.resolve("outside-target");
        Files.createDirectories(directory.resolve("cache/.locks"));
        Files.createSymbolicLink(directory.resolve("cache/.locks/key"), target);

        assertThatThrownBy(() -> storage.lock("key")).isInstanceOf(IOException.class);
        assertThat(target).doesNotExist();
        storage.removeFreeLocks();
        assertThat(directory.resolve("cache/.locks/key")).isSymbolicLink();
    }

    private static List<String> listing(Path directory) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            return files.map(path -> directory.relativize(path).toString()).sorted().toList();
        }
    }
}
