package dev.labtech.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory the process really cannot write: a {@code tmpfs}, filled while writable, then
 * remounted read-only. The tests run as root, where {@code chmod} does not stop writes; where
 * mounting is not permitted the test using it is skipped, saying so.
 */
public final class ReadOnlyMount implements AutoCloseable {

    private final Path directory;

    private ReadOnlyMount(Path directory) {
        this.directory = directory;
    }

    /** Mounts a writable {@code tmpfs} on {@code directory} (created), or skips the calling test. */
    public static ReadOnlyMount on(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", directory.toString());
        Assumptions.assumeTrue(exit == 0, "mounting a tmpfs is not permitted here, so a read-only directory cannot be made");
        return new ReadOnlyMount(directory);
    }

    public Path directory() {
        return directory;
    }

    /** Makes the mount read-only, and checks that it is. */
    public void remountReadOnly() throws IOException, InterruptedException {
        if (run("mount", "-o", "remount,ro", directory.toString()) != 0 || Files.isWritable(directory)) {
            throw new IllegalStateException(directory + " could not be remounted read-only");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", directory.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            return -1; // no mount command
        }
    }
}
