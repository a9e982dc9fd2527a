package dev.labtech.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock file is removed when its lock is released, so a process may lock a file that is no
 * longer at its name: it must notice, or two processes would hold "the" lock on one key.
 */
class KeyLocksTests {

    @TempDir
    Path directory;

    @Test
    void aHolderOfTheFileAtTheNameKnowsItAndOneOfARemovedFileKnowsItIsNot() throws Exception {
        Path file = directory.resolve("bin__Fixtures-model__key");
        try (FileChannel current = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = current.lock();
             SeekableByteChannel byName = KeyLocks.openByName(file)) {
            assertThat(KeyLocks.holdsFileAtItsName(current, byName)).isTrue();
        }

        // Opened, then removed by its last holder and created anew by a third process.
        FileChannel stale = FileChannel.open(file, StandardOpenOption.WRITE);
        Files.delete(file);
        Files.writeString(file, "the token of the process that created the new file");
        try (stale; FileLock lock = stale.lock(); SeekableByteChannel byName = KeyLocks.openByName(file)) {
            assertThat(KeyLocks.holdsFileAtItsName(stale, byName)).isFalse();
        }
        assertThat(Files.readString(file)).as("the new file is not written by the one who locked the old")
                .isEqualTo("the token of the process that created the new file");

        // Removed and not created again: nothing at the name.
        FileChannel orphan = FileChannel.open(file, StandardOpenOption.WRITE);
        Files.delete(file);
        try (orphan) {
            assertThat(KeyLocks.openByName(file)).isNull();
        }
    }

    @Test
    void aLockIsTakenAgainAfterItsFileWasRemovedAndLeavesNoFile() throws Exception {
        KeyLocks locks = new KeyLocks(directory.resolve(".locks"));
        for (int round = 0; round < 3; round++) {
            try (Storage.Lock held = locks.lock("bin__Fixtures-model__key")) {
                assertThat(directory.resolve(".locks/bin__Fixtures-model__key")).exists();
            }
            assertThat(directory.resolve(".locks/bin__Fixtures-model__key")).doesNotExist();
        }
    }
}
