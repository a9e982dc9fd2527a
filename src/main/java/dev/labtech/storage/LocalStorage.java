package dev.labtech.storage;

import dev.labtech.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * {@code LocalStorage} stores cached entries in a local directory, one sub-directory per key, as
 * labtech's {@code LocalStorage} does.
 *
 * <p>The directory is created when the storage is, with a {@code .gitignore} holding {@code *} so
 * cached results never reach version control. Every file is written to a hidden temporary name in
 * its entry and moved into place atomically, so readers and crashed writers never expose a partial
 * file; deletion renames the entry away before removing it. Names starting with {@code .} are never
 * entries or entry files, which keeps temporary files out of every listing.
 *
 * @since 0.1.0
 */
public final class LocalStorage implements Storage {

    private static final String GITIGNORE = ".gitignore";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path directory;

    /** A storage in {@code directory}, created with a {@code .gitignore} if missing. */
    public LocalStorage(Path directory) {
        this(directory, true);
    }

    /**
     * A storage in {@code directory}, created if missing.
     *
     * @param withGitignore whether to write a {@code .gitignore} holding {@code *} into a new directory
     * @throws StorageException if the directory cannot be created or is not a writable directory
     */
    public LocalStorage(Path directory, boolean withGitignore) {
        this.directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.directory);
            Path gitignore = this.directory.resolve(GITIGNORE);
            if (withGitignore && !Files.exists(gitignore)) {
                Files.writeString(gitignore, "*\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot use " + this.directory + " as a labtech storage directory: " + e, e);
        }
        if (!Files.isWritable(this.directory)) {
            throw new StorageException("Cannot use " + this.directory
                    + " as a labtech storage directory: it is not writable");
        }
    }

    /** The absolute directory this storage keeps its entries in. */
    public Path directory() {
        return directory;
    }

    @Override
    public List<String> findKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> children = Files.list(directory)) {
            children.filter(Files::isDirectory)
                    .map(child -> child.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .forEach(keys::add);
        }
        return keys;
    }

    @Override
    public boolean exists(String key) {
        return Files.isDirectory(entry(key));
    }

    @Override
    public InputStream read(String key, String fileName) throws IOException {
        return Files.newInputStream(file(key, fileName));
    }

    @Override
    public void write(String key, String fileName, ContentWriter content) throws IOException {
        Path target = file(key, fileName);
        Path entry = target.getParent();
        Files.createDirectories(entry);
        Path temporary = entry.resolve("." + fileName + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path entry = entry(key);
        if (!Files.exists(entry)) {
            return;
        }
        // Renaming first makes the entry vanish for readers in one step; the slow recursive
        // delete then works on a name no reader looks up.
        Path doomed = directory.resolve(".deleting-" + key + "-" + UUID.randomUUID());
        try {
            Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException concurrentlyDeleted) {
            return;
        }
        PathUtils.deleteDirectory(doomed);
    }

    @Override
    public long size(String key) throws IOException {
        Path entry = entry(key);
        return Files.isDirectory(entry) ? PathUtils.sizeOfDirectory(entry) : 0;
    }

    @Override
    public String describe() {
        return "local directory " + directory;
    }

    @Override
    public String toString() {
        return "LocalStorage[" + directory + "]";
    }

    private Path entry(String key) {
        Path entry = directory.resolve(StorageNames.checkKey(key)).normalize();
        if (!directory.equals(entry.getParent())) {
            throw new StorageException("Invalid storage key '" + key + "': it resolves outside " + directory);
        }
        return entry;
    }

    private Path file(String key, String fileName) {
        Path entry = entry(key);
        Path file = entry.resolve(StorageNames.checkFileName(key, fileName)).normalize();
        if (!entry.equals(file.getParent())) {
            throw new StorageException("Invalid file name '" + fileName + "' in entry " + key
                    + ": it resolves outside " + entry);
        }
        return file;
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
