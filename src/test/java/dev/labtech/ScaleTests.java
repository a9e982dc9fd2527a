package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.cache.JsonCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep of many calls costs in the storage: a miss neither lists the storage nor reads
 * other entries, whatever their number, yet still says what changed; a hit reads each file of its
 * entry once; lock files live only while their key is computed; notes of removed entries go.
 */
class ScaleTests {

    public interface Sweep {
        @LabtechCached
        default int cheap(int i) {
            return i * 31;
        }

        @LabtechCached(cache = JsonCache.class)
        default int length(Path file) throws IOException {
            return Files.readString(file).length();
        }
    }

    /** A storage that counts what is asked of the one it wraps. */
    static final class Counting extends ForwardingStorage {
        final AtomicInteger listings = new AtomicInteger();
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        Counting(Storage delegate) {
            super(delegate);
        }

        @Override
        public List<String> findKeys() throws IOException {
            listings.incrementAndGet();
            return super.findKeys();
        }

        @Override
        public InputStream read(String key, String fileName) throws IOException {
            reads.computeIfAbsent(key + "/" + fileName, name -> new AtomicInteger()).incrementAndGet();
            return super.read(key, fileName);
        }

        int readsOf(String fileName) {
            return reads.entrySet().stream().filter(entry -> entry.getKey().endsWith("/" + fileName))
                    .mapToInt(entry -> entry.getValue().get()).sum();
        }
    }

    @TempDir
    Path directory;

    @Test
    void aMissNeverListsTheStorageNorReadsAnotherEntryAndAHitReadsEachFileOnce() throws Exception {
        LocalStorage local = new LocalStorage(directory.resolve("cache"));
        Counting computing = new Counting(local);
        Sweep sweep = new Lab(computing).fixtures(Sweep.class);
        for (int i = 0; i < 300; i++) {
            assertThat(sweep.cheap(i)).isEqualTo(i * 31);
        }
        List<String> keys = local.findKeys();
        assertThat(keys).hasSize(300);
        assertThat(computing.listings).as("listings while missing").hasValue(0);
        assertThat(computing.reads.keySet()).as("what the misses read").allSatisfy(read -> {
            String key = read.substring(0, read.indexOf('/'));
            assertThat(computing.reads.get(read)).as(read).hasValueLessThanOrEqualTo(2); // the check under the lock, the read-back
            assertThat(keys).contains(key);
        });

        Counting loading = new Counting(local);
        Lab lab = new Lab(loading);
        Sweep again = lab.fixtures(Sweep.class);
        for (int i = 0; i < 300; i++) {
            assertThat(again.cheap(i)).isEqualTo(i * 31);
        }
        assertThat(lab.statistics().loaded()).isEqualTo(300);
        assertThat(loading.listings).hasValue(0);
        assertThat(loading.readsOf("metadata.json")).as("metadata.json read once per hit").isEqualTo(300);
        assertThat(loading.readsOf("data.bin")).as("the result read once per hit").isEqualTo(300);
    }

    @Test
    void aMissBesideManyEntriesSaysWhatChangedFromTheNoteOfItsCall() throws Exception {
        Path input = Files.writeString(directory.resolve("input.txt"), "abc");
        LocalStorage local = new LocalStorage(directory.resolve("cache"));
        Sweep sweep = new Lab(local).fixtures(Sweep.class);
        for (int i = 0; i < 200; i++) {
            sweep.cheap(i);
        }
        assertThat(sweep.length(input)).isEqualTo(3);
        Files.writeString(input, "abcdef");

        Counting storage = new Counting(local);
        try (StandardOutput out = new StandardOutput()) {
            Lab lab = new Lab(storage);
            assertThat(lab.fixtures(Sweep.class).length(input)).isEqualTo(6);
            assertThat(out.labtechLines()).first().asString().startsWith("[labtech] Sweep#length(")
                    .endsWith(") is computed again: file " + input + " changed");
        }
        assertThat(storage.listings).hasValue(0);
        assertThat(storage.reads.keySet()).as("no entry of the sweep was read")
                .noneSatisfy(read -> assertThat(read).contains("Sweep-cheap"));
    }

    @Test
    void lockFilesLiveOnlyWhileTheirKeyIsComputed() throws Exception {
        Path cache = directory.resolve("cache");
        Files.createDirectories(cache.resolve(".locks"));
        LocalStorage storage = new LocalStorage(cache);
        String leftover = "bin__Sweep-cheap__left";
        Files.writeString(cache.resolve(".locks").resolve(leftover), "a process that died holding it");

        Sweep sweep = new Lab(storage).fixtures(Sweep.class);
        for (int i = 0; i < 2_000; i++) {
            sweep.cheap(i);
        }
        try (Storage.Lock held = storage.lock("bin__Sweep-cheap__held")) {
            assertThat(lockFiles(cache)).containsExactlyInAnyOrder(leftover, "bin__Sweep-cheap__held");
        }
        try (Storage.Lock taken = storage.lock(leftover)) {
            assertThat(lockFiles(cache)).containsExactly(leftover);
        }
        assertThat(lockFiles(cache)).as("what 2,000 misses and two locks leave").isEmpty();
    }

    @Test
    void clearingRemovesTheNotesOfTheEntriesItRemoved() throws Exception {
        Path cache = directory.resolve("cache");
        LocalStorage storage = new LocalStorage(cache);
        Lab lab = new Lab(storage);
        Sweep sweep = lab.fixtures(Sweep.class);
        for (int i = 0; i < 10; i++) {
            sweep.cheap(i);
        }
        assertThat(files(cache.resolve(".calls"))).hasSize(10);
        List<String> keys = storage.findKeys();
        for (String key : keys.subList(0, 4)) {
            lab.delete(key);
        }

        assertThat(storage.removeStaleNotes()).isEqualTo(4);
        assertThat(files(cache.resolve(".calls"))).hasSize(6)
                .allSatisfy(note -> assertThat(keys.subList(4, 10)).contains(Files.readString(cache.resolve(".calls").resolve(note))));
    }

    private static List<String> lockFiles(Path cache) throws IOException {
        return files(cache.resolve(".locks"));
    }

    private static List<String> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.map(child -> child.getFileName().toString()).sorted().toList();
        }
    }
}
