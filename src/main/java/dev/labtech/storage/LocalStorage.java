package dev.labtech.storage;

import dev.labtech.StorageException;
import dev.labtech.internal.Console;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * {@code LocalStorage} stores cached entries in a local directory, one sub-directory per key, as
 * labtech's {@code LocalStorage} does.
 *
 * <p>The directory is created when the storage is, with a {@code .gitignore} holding {@code *} so
 * cached results never reach version control (an existing {@code .gitignore} with other content is
 * replaced, as labtech does). Every file is written to a temporary file in {@code .tmp/} and moved
 * into its entry atomically, so readers and crashed writers never expose a partial file; deletion
 * renames the entry into {@code .tmp/} before removing it. Names starting with {@code .} are never
 * entries, which keeps {@code .tmp/} out of every listing. Leftovers of writes and deletions
 * interrupted by a crash are removed when a storage is created (those older than an hour, so a
 * write in progress in another process is never disturbed) and by
 * {@link #removeLeftovers(Duration)}: both look in {@code .tmp/} only, so opening a storage costs
 * the same whatever number of entries it holds.
 *
 * <p>{@link #lock(String)} takes an exclusive {@link java.nio.channels.FileChannel#lock() file lock}
 * on {@code .locks/<key>}, so of several JVMs sharing the directory only one computes a missing
 * key. The operating system releases it if the process dies. The file is removed when the lock is
 * released, so {@code .locks/} holds the keys being computed now; {@link #removeFreeLocks()}
 * removes those a dead process left.
 *
 * <p>{@code .calls/} holds one small note per call stored ({@link #noteCall}): which entry holds
 * it, so that a miss can say what changed since without listing the directory.
 *
 * <p>Symbolic links inside the directory are never followed: a linked entry is not an entry, a
 * linked {@code .locks} is not used, and listing, sweeping and deleting touch only the names this
 * class makes (keys, lock files, its own temporary and deletion names) and never what a link
 * points to.
 *
 * @since 0.1.0
 */
public final class LocalStorage implements Storage {

    /** The storage directory when none is configured, relative to the working directory (the module, under Maven). */
    public static final String DEFAULT_DIRECTORY = ".labtech";

    private static final String GITIGNORE = ".gitignore";
    /** Where files are written before they move into their entry, and entries go to be deleted. */
    private static final String TEMP_DIRECTORY = ".tmp";
    /** {@link #noteCall} notes: one small file per call, named by the call, holding its last key. */
    private static final String CALLS_DIRECTORY = ".calls";
    /** Longer than any key: a note that is not a key is ignored. */
    private static final int NOTE_BYTES = 1_024;
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String DELETING_PREFIX = "deleting-";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern TEMPORARY = Pattern.compile("[^/\\\\]+\\." + UUID_PATTERN + "\\.tmp");
    private static final Pattern DELETING = Pattern.compile(DELETING_PREFIX + "[^./\\\\]+-" + UUID_PATTERN);
    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    /** Moves a complete temporary file into place; a seam for tests of a failing rename. */
    @FunctionalInterface
    interface Mover {
        void move(Path temporary, Path target) throws IOException;
    }

    private final Path directory;
    private final Path temporaries;
    private final Mover mover;
    private final KeyLocks locks;
    private final boolean readOnly;

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
        this(directory, withGitignore, LocalStorage::moveIntoPlace);
    }

    LocalStorage(Path directory, boolean withGitignore, Mover mover) {
        this.mover = mover;
        this.directory = directory.toAbsolutePath().normalize();
        this.temporaries = this.directory.resolve(TEMP_DIRECTORY);
        this.locks = new KeyLocks(this.directory.resolve(".locks"));
        Optional<String> foreign = foreignContent(this.directory);
        if (foreign.isPresent()) {
            throw new StorageException("Cannot use " + this.directory + " as a labtech storage directory: it holds "
                    + foreign.get() + ", which is not a labtech cache's own, and labtech:clear and the .gitignore it "
                    + "writes would affect it; choose a new or empty directory, such as .labtech");
        }
        // A directory that exists but cannot be written (a read-only mount, a CI image's pre-filled
        // cache) is used as it is: its entries load, and nothing is written to it.
        this.readOnly = isRealDirectory(this.directory) && !Files.isWritable(this.directory);
        if (readOnly) {
            return;
        }
        try {
            Files.createDirectories(this.directory);
            if (withGitignore) {
                writeGitignore();
            }
        } catch (IOException e) {
            throw new StorageException("Cannot use " + this.directory + " as a labtech storage directory: " + e, e);
        }
        if (!Files.isWritable(this.directory)) {
            throw new StorageException("Cannot use " + this.directory
                    + " as a labtech storage directory: it is not writable");
        }
        try {
            removeLeftovers(LEFTOVER_AGE);
        } catch (IOException e) {
            Console.debug(() -> "could not remove leftovers in " + this.directory + ": " + e);
        }
    }

    /**
     * Loads what opening a storage uses — this class, the JDK's file channel and directory stream —
     * by reading and listing the JDK's own directory, ahead of a new JVM's first storage. Writes
     * nothing; never fails.
     */
    public static void warmUp() {
        try {
            Path javaHome = Path.of(System.getProperty("java.home"));
            Files.readAllBytes(javaHome.resolve("release"));
            try (Stream<Path> listed = Files.list(javaHome)) {
                listed.count();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // The first storage loads them instead.
        }
    }

    /**
     * What in {@code directory} shows it is not a labtech storage directory — the first name that
     * is neither an entry (a directory named like a key, holding only files), {@code .tmp},
     * {@code .locks} nor labtech's {@code .gitignore} — or empty if it is one, is empty or does not
     * exist. A directory labtech marked (its {@code .gitignore} holding {@code *}, or a
     * {@code .tmp} or {@code .locks} directory) is taken as its own without listing it, so opening
     * costs the same whatever number of entries it holds.
     */
    public static Optional<String> foreignContent(Path directory) {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // missing, or not a directory: creating the storage says so
        }
        try {
            Path gitignore = directory.resolve(GITIGNORE);
            if (Files.isRegularFile(gitignore, LinkOption.NOFOLLOW_LINKS) && Files.size(gitignore) == 2
                    && Files.readString(gitignore, StandardCharsets.UTF_8).equals("*\n")
                    || isRealDirectory(directory.resolve(TEMP_DIRECTORY)) || isRealDirectory(directory.resolve(".locks"))) {
                return Optional.empty();
            }
            try (Stream<Path> children = Files.list(directory)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    String name = child.getFileName().toString();
                    if (name.equals(GITIGNORE) || name.equals(TEMP_DIRECTORY) || name.equals(".locks")
                            || name.equals(CALLS_DIRECTORY) || name.startsWith("." + DELETING_PREFIX)) {
                        continue; // labtech's own names (what a link there points to is never followed)
                    }
                    boolean keyName = !name.contains(".") && !name.contains("\\");
                    if (keyName && Files.isSymbolicLink(child)) {
                        continue; // a linked entry is no entry, and never followed
                    }
                    if (!keyName || !isRealDirectory(child) || !holdsOnlyFiles(child)) {
                        return Optional.of(name);
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.of("what could not be read (" + e + ")");
        }
    }

    private static boolean holdsOnlyFiles(Path entry) throws IOException {
        try (Stream<Path> files = Files.list(entry)) {
            return files.allMatch(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /**
     * Makes {@code .gitignore} hold exactly {@code *}, as labtech does: a stale one (say, ignoring only
     * some names) could let cached results reach version control. The file is written in
     * {@code .tmp/} and renamed into place, so processes opening the storage at once never trip over
     * each other's half-written file, and a link there is replaced, not followed.
     */
    private void writeGitignore() throws IOException {
        Path gitignore = directory.resolve(GITIGNORE);
        if (Files.isRegularFile(gitignore, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(gitignore, StandardCharsets.UTF_8).equals("*\n")) {
            return;
        }
        replaceByRename(gitignore, "*\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code content} to a new file in {@code .tmp/} and renames it onto {@code target}, so
     * a reader sees the old file or the new one whole, and a link at {@code target} is replaced,
     * not followed.
     */
    private void replaceByRename(Path target, byte[] content) throws IOException {
        String name = target.getFileName().toString();
        Path temporary = temporaries().resolve((name.startsWith(".") ? name.substring(1) : name) + "."
                + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The first bytes of {@code channel}, up to {@code limit} and one more: a result longer than
     * {@code limit} means the content is.
     */
    static byte[] readUpTo(java.nio.channels.ReadableByteChannel channel, int limit) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(limit + 1);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // until full or at the end
        }
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Whether the directory existed but could not be written: entries load, nothing is written. */
    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    private void checkWritable() throws IOException {
        if (readOnly) {
            throw new java.nio.file.AccessDeniedException(directory.toString(), null, "the storage directory is read-only");
        }
    }

    /** The absolute directory this storage keeps its entries in. */
    public Path directory() {
        return directory;
    }

    /** The keys of the entries present, sorted as labtech's {@code find_keys} returns them. */
    @Override
    public List<String> findKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> children = Files.list(directory)) {
            children.filter(LocalStorage::isRealDirectory)
                    .map(child -> child.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .forEach(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public boolean exists(String key) {
        return isRealDirectory(entry(key));
    }

    @Override
    public InputStream read(String key, String fileName) throws IOException {
        Path file = fileToRead(key, fileName);
        java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS);
        try {
            return wholeOrStreamed(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Files up to this size are read whole when opened: one read and the file closed, instead of a stream held open. */
    static final int READ_WHOLE_BELOW = 1 << 16;

    /**
     * The file of {@code channel}: read whole and closed when it is smaller than
     * {@value #READ_WHOLE_BELOW} bytes (what most metadata and small results are), streamed otherwise;
     * what the file holds beyond its size when opened is read too.
     */
    private static InputStream wholeOrStreamed(java.nio.channels.SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        if (size >= READ_WHOLE_BELOW) {
            return java.nio.channels.Channels.newInputStream(channel);
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) size + 1);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                channel.close();
                return new java.io.ByteArrayInputStream(buffer.array(), 0, buffer.position());
            }
        }
        // Longer than when it was opened: the rest as a stream.
        return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(buffer.array()),
                java.nio.channels.Channels.newInputStream(channel));
    }

    /**
     * {@inheritDoc} Entries are never changed in place (each file is renamed into place whole), so
     * the mapping is the file as committed; a file of 2 GB or more is not mapped.
     */
    @Override
    public Optional<java.nio.ByteBuffer> map(String key, String fileName) throws IOException {
        Path file = fileToRead(key, fileName);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            return Optional.of(channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    @Override
    public void write(String key, String fileName, ContentWriter content) throws IOException {
        checkWritable();
        Path target = file(key, fileName);
        Path entry = target.getParent();
        if (Files.isSymbolicLink(entry)) {
            throw new IOException(entry + " is a symbolic link, which labtech never writes through");
        }
        Files.createDirectories(entry);
        Path temporary = temporaries().resolve(key + "." + fileName + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            mover.move(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes {@code .calls/<call>} holding {@code key}, renamed into place so a reader sees the old
     * note or the new one. Nothing on a read-only directory.
     */
    @Override
    public void noteCall(String call, String key) throws IOException {
        if (readOnly) {
            return;
        }
        Path calls = directory.resolve(CALLS_DIRECTORY);
        if (Files.isSymbolicLink(calls)) {
            throw new IOException(calls + " is a symbolic link, which labtech never writes through");
        }
        Path note = calls.resolve(StorageNames.checkKey(call));
        byte[] content = StorageNames.checkKey(key).getBytes(StandardCharsets.UTF_8);
        try {
            replaceByRename(note, content);
        } catch (NoSuchFileException noDirectoryYet) {
            Files.createDirectories(calls);
            replaceByRename(note, content);
        }
    }

    /** The key in {@code .calls/<call>}, if there is such a note and it names a key; links are not followed. */
    @Override
    public java.util.Optional<String> notedCall(String call) throws IOException {
        Path note = directory.resolve(CALLS_DIRECTORY).resolve(StorageNames.checkKey(call));
        byte[] content;
        try (var channel = Files.newByteChannel(note, LinkOption.NOFOLLOW_LINKS)) {
            content = readUpTo(channel, NOTE_BYTES);
        } catch (java.nio.file.FileSystemException missingOrLink) { // ELOOP for a link: not followed
            return java.util.Optional.empty();
        }
        String noted = new String(content, StandardCharsets.UTF_8);
        return content.length <= NOTE_BYTES && StorageNames.isKey(noted) ? java.util.Optional.of(noted)
                : java.util.Optional.empty();
    }

    /**
     * Deletes the {@link #noteCall notes} whose entry is gone (a clear removed it), so they do not
     * pile up; a note is a hint, and one removed while its call is being stored again only costs
     * that call's next miss its explanation.
     *
     * @return how many notes were removed
     */
    public int removeStaleNotes() throws IOException {
        Path calls = directory.resolve(CALLS_DIRECTORY);
        if (readOnly || !isRealDirectory(calls)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> notes = Files.list(calls)) {
            for (Path note : (Iterable<Path>) notes::iterator) {
                String name = note.getFileName().toString();
                boolean ours = Files.isRegularFile(note, LinkOption.NOFOLLOW_LINKS) && StorageNames.isKey(name);
                if (ours && notedCall(name).filter(this::exists).isEmpty()) {
                    removed += deleteQuietly(note) ? 1 : 0;
                }
            }
        }
        return removed;
    }

    /** Deletes the entry; a symbolic link where the entry would be is not an entry and stays. */
    @Override
    public void delete(String key) throws IOException {
        checkWritable();
        Path entry = entry(key);
        if (!isRealDirectory(entry)) {
            return;
        }
        // Renaming first makes the entry vanish for readers in one step; the slow recursive
        // delete then works on a name no reader looks up.
        Path doomed = temporaries().resolve(DELETING_PREFIX + key + "-" + UUID.randomUUID());
        try {
            Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException concurrentlyDeleted) {
            return;
        }
        PathUtils.deleteDirectory(doomed);
    }

    @Override
    public Lock lock(String key) throws IOException {
        if (readOnly) {
            StorageNames.checkKey(key);
            return () -> { }; // nobody can write here: there is nothing to wait for
        }
        return locks.lock(StorageNames.checkKey(key));
    }

    /**
     * Removes what interrupted writes and deletions left behind in {@code .tmp/}: temporary files
     * and entries renamed for deletion, if older than {@code minimumAge}.
     *
     * @return how many leftovers were removed
     */
    public int removeLeftovers(Duration minimumAge) throws IOException {
        if (readOnly) {
            return 0;
        }
        if (!isRealDirectory(temporaries)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(minimumAge);
        int removed = 0;
        try (Stream<Path> children = Files.list(temporaries)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                boolean ours = DELETING.matcher(name).matches() ? isRealDirectory(child)
                        : TEMPORARY.matcher(name).matches() && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS);
                if (ours && isOlder(child, cutoff)) {
                    removed += deleteQuietly(child) ? 1 : 0;
                }
            }
        }
        return removed;
    }

    /**
     * Deletes the lock files no process holds: a lock's file is removed when it is released, so
     * only a process that died holding one leaves its file. Safe while tests run: a process that
     * opened a file just before it was deleted notices and locks the new one.
     */
    public void removeFreeLocks() throws IOException {
        if (readOnly) {
            return;
        }
        locks.removeFree();
    }

    /** {@code .tmp/}, created if missing; never through a link. */
    private Path temporaries() throws IOException {
        if (Files.isSymbolicLink(temporaries)) {
            throw new IOException(temporaries + " is a symbolic link, which labtech never writes through");
        }
        return Files.createDirectories(temporaries);
    }

    /** A directory, not a link to one. */
    private static boolean isRealDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isOlder(Path path, Instant cutoff) {
        try {
            return !Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean deleteQuietly(Path path) {
        try {
            PathUtils.delete(path);
            return true;
        } catch (IOException e) {
            // Another process is removing it too, or it vanished: either way it is going.
            return false;
        }
    }

    @Override
    public long size(String key) throws IOException {
        Path entry = entry(key);
        return isRealDirectory(entry) ? PathUtils.sizeOfDirectory(entry) : 0;
    }

    /** Sets the entry directory's modification time: what {@code labtech:clear -Dlabtech.maxSize} trims by. */
    @Override
    public void markUsed(String key) throws IOException {
        if (readOnly) {
            return; // a hit on a read-only cache is not worth a warning
        }
        Path entry = entry(key);
        if (isRealDirectory(entry)) {
            Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.from(Instant.now()));
        }
    }

    @Override
    public java.util.Optional<Instant> lastUsed(String key) throws IOException {
        Path entry = entry(key);
        return isRealDirectory(entry)
                ? java.util.Optional.of(Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant())
                : java.util.Optional.empty();
    }

    @Override
    public String describe() {
        return "local directory " + directory + (readOnly ? " (read-only)" : "");
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

    /** A file of an entry to read or map: never through an entry that is a symbolic link. */
    private Path fileToRead(String key, String fileName) throws NoSuchFileException {
        Path file = file(key, fileName);
        if (Files.isSymbolicLink(file.getParent())) {
            throw new NoSuchFileException(file.toString(), null, "the entry is a symbolic link, which labtech never follows");
        }
        return file;
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
