package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result that depends on a file is never given back after the file changed, within one run
 * (one lab, results held in memory) as across runs, however the file was replaced.
 */
class FileChangeTests {

    static final AtomicInteger READS = new AtomicInteger();
    /** A declared input, relative to the working directory as inputs are: the module's directory. */
    static final String INPUT = "target/file-change-tests/input.txt";

    interface Reading {
        @LabtechCached
        default String content(Path file) throws java.io.IOException {
            READS.incrementAndGet();
            return Files.readString(file);
        }

        @LabtechCached(inputs = INPUT)
        default String declared() throws java.io.IOException {
            READS.incrementAndGet();
            return Files.readString(Path.of(INPUT));
        }

        @LabtechCached(inputs = INPUT)
        default String declaredFor(int times) throws java.io.IOException {
            READS.incrementAndGet();
            return Files.readString(Path.of(INPUT)).repeat(times);
        }
    }

    @TempDir
    Path directory;
    Path file;
    Reading fixtures;

    @BeforeEach
    void setUp() throws Exception {
        READS.set(0);
        file = Files.writeString(directory.resolve("data.txt"), "abc");
        fixtures = new Lab(new LocalStorage(directory.resolve("cache"))).fixtures(Reading.class);
    }

    /** Replaces the file's bytes with {@code content} of the same size, then gives it back its old modification time. */
    private void replaceKeepingSizeAndTime(Path target, String content) throws Exception {
        FileTime modified = Files.getLastModifiedTime(target);
        Files.writeString(target, content);
        Files.setLastModifiedTime(target, modified);
    }

    @Test
    void aPathArgumentRewrittenDuringTheRunGivesTheNewResult() throws Exception {
        assertThat(fixtures.content(file)).isEqualTo("abc");
        assertThat(fixtures.content(file)).isEqualTo("abc");
        assertThat(READS).as("the same content: from memory").hasValue(1);

        replaceKeepingSizeAndTime(file, "xyz");

        assertThat(fixtures.content(file)).isEqualTo("xyz");
    }

    @Test
    void aSameSizeSameTimeReplacementOfASettledFileIsSeen() throws Exception {
        // Settled: its last change lies beyond the file system's timestamp granularity, so its
        // digest is kept and only the file's attributes tell whether it changed.
        Thread.sleep(dev.labtech.internal.fingerprint.FileDigests.SETTLED_MILLIS + 200);
        assertThat(fixtures.content(file)).isEqualTo("abc");
        assertThat(fixtures.content(file)).isEqualTo("abc");

        replaceKeepingSizeAndTime(file, "xyz");
        assertThat(fixtures.content(file)).as("cp -p").isEqualTo("xyz");

        Path copy = Files.writeString(directory.resolve("copy.txt"), "uvw");
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(file));
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(fixtures.content(file)).as("rsync -t: a new file renamed into place").isEqualTo("uvw");
        assertThat(READS).hasValue(3);
    }

    @Test
    void declaredInputsAreCheckedOnEveryCallNotOnlyOnTheFirst() throws Exception {
        Path file = Path.of(INPUT);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "abc");
        Reading withInput = fixtures;
        assertThat(withInput.declared()).isEqualTo("abc");
        assertThat(withInput.declaredFor(2)).isEqualTo("abcabc");
        assertThat(withInput.declared()).isEqualTo("abc");
        assertThat(READS).hasValue(2);

        replaceKeepingSizeAndTime(file, "xyz");

        assertThat(withInput.declared()).isEqualTo("xyz");
        assertThat(withInput.declaredFor(2)).isEqualTo("xyzxyz");
        assertThat(READS).hasValue(4);

        Files.writeString(file, "abc");
        Reading nextRun = new Lab(new LocalStorage(directory.resolve("cache"))).fixtures(Reading.class);
        assertThat(nextRun.declared()).as("the first content again: loaded").isEqualTo("abc");
        assertThat(READS).hasValue(4);
    }
}
