package dev.labtech.storage;

import dev.labtech.internal.Console;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Exclusive locks per key across processes, as {@link FileChannel#lock() file locks} on one file
 * per key in a directory. The operating system releases a file lock when its process dies, so a
 * crash never leaves a key locked.
 *
 * <p>A lock file lives only while its key is locked: the holder deletes it before releasing it,
 * so the directory holds one file per key being computed right now, not one per key ever
 * computed. A process that opened the file just before it was deleted then locks a file no longer
 * in the directory; to tell, each holder writes a token of its own into the file it locked and
 * reads it back through the file's name — only a holder writes, so the name still leads to its
 * file exactly when the token is there — and starts again otherwise.
 */
final class KeyLocks {

    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    /** File locks belong to the JVM, not a thread: threads of one JVM queue here first. */
    private static final Map<Path, OwnedLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** Which lock each thread of this JVM is waiting for: the edges of the wait-for graph. */
    private static final Map<Thread, Path> WAITING = new ConcurrentHashMap<>();

    /** A lock that tells who holds it, so waits can be checked for cycles. */
    private static final class OwnedLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;

        Thread owner() {
            return getOwner();
        }
    }

    private final Path directory;

    KeyLocks(Path directory) {
        this.directory = directory;
    }

    /**
     * Blocks until this thread holds the lock on {@code key}; gives up after ten minutes, or at once
     * when waiting would close a cycle of threads of this JVM each waiting for a lock another
     * holds (two labs over one directory whose fixtures call each other).
     */
    Storage.Lock lock(String key) throws IOException {
        Path file = directory.resolve(key);
        OwnedLock jvmLock = JVM_LOCKS.computeIfAbsent(file, path -> new OwnedLock());
        lockInJvm(jvmLock, file, key);
        if (jvmLock.getHoldCount() > 1) {
            return jvmLock::unlock;
        }
        try {
            if (Files.isSymbolicLink(directory)) {
                throw new IOException(directory + " is a symbolic link, which labtech never follows");
            }
            long start = System.nanoTime();
            while (true) {
                FileChannel channel = open(file);
                java.nio.channels.SeekableByteChannel check = null;
                try {
                    FileLock fileLock = acquire(channel, key, start);
                    check = openByName(file);
                    if (check != null && holdsFileAtItsName(channel, check)) {
                        java.nio.channels.SeekableByteChannel checked = check;
                        return () -> release(file, channel, checked, fileLock, jvmLock);
                    }
                    // Its last holder removed the file after this thread opened it: lock the new one.
                    fileLock.release();
                } catch (IOException | RuntimeException e) {
                    closeAll(channel, check);
                    throw e;
                }
                closeAll(channel, check);
            }
        } catch (IOException | RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    /** Opens (creating) the lock file; a link in its place is not followed, as it would create or lock its target. */
    private FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException noDirectory) {
            Files.createDirectories(directory);
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * The file now at the lock file's name, opened for reading, or {@code null} if there is none.
     * It stays open while the lock is held: on POSIX systems closing any descriptor of a file
     * releases every lock the process holds on it.
     */
    static java.nio.channels.SeekableByteChannel openByName(Path file) throws IOException {
        try {
            return Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException removed) {
            return null;
        }
    }

    /** Writes a token into the locked file and reads it back from the file at its name: whether they are one file. */
    static boolean holdsFileAtItsName(FileChannel locked, java.nio.channels.SeekableByteChannel byName)
            throws IOException {
        byte[] token = (ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "-" + TOKENS.incrementAndGet()
                + "-" + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        locked.truncate(0);
        locked.write(java.nio.ByteBuffer.wrap(token), 0);
        byName.position(0);
        return java.util.Arrays.equals(token, LocalStorage.readUpTo(byName, token.length));
    }

    /** Deletes the lock file while still holding it (where the system allows), then releases it. */
    private static void release(Path file, FileChannel channel, java.nio.channels.SeekableByteChannel check,
                                FileLock fileLock, OwnedLock jvmLock) throws IOException {
        try {
            try {
                Files.deleteIfExists(file);
            } catch (IOException stillOpenElsewhere) {
                // Windows refuses to delete a file another process has open: the next holder will.
            }
            fileLock.release();
        } finally {
            try {
                closeAll(channel, check);
            } finally {
                jvmLock.unlock();
            }
        }
    }

    private static void closeAll(java.io.Closeable... channels) throws IOException {
        IOException failure = null;
        for (java.io.Closeable channel : channels) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong TOKENS = new java.util.concurrent.atomic.AtomicLong();

    private static void lockInJvm(OwnedLock lock, Path file, String key) throws IOException {
        if (lock.tryLock()) {
            return;
        }
        Thread me = Thread.currentThread();
        long start = System.nanoTime();
        WAITING.put(me, file);
        try {
            while (!lock.tryLock(20, TimeUnit.MILLISECONDS)) {
                String cycle = cycleThrough(lock, me);
                if (cycle != null) {
                    throw new IOException("waiting for the lock on " + key + " would never end: " + cycle);
                }
                if (System.nanoTime() - start > PATIENCE.toNanos()) {
                    throw new IOException("another thread of this JVM (" + lock.owner() + ") has held the lock on "
                            + key + " for over " + PATIENCE.toMinutes() + " minutes");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the lock on " + key);
        } finally {
            WAITING.remove(me);
        }
    }

    /** How the threads waiting for {@code awaited} lead back to {@code me}, or {@code null} if they do not. */
    private static String cycleThrough(OwnedLock awaited, Thread me) {
        StringBuilder chain = new StringBuilder();
        OwnedLock lock = awaited;
        for (int steps = 0; steps < 100; steps++) {
            Thread owner = lock.owner();
            if (owner == null) {
                return null;
            }
            if (owner == me) {
                return chain.append("this thread holds that lock").toString();
            }
            Path next = WAITING.get(owner);
            if (next == null) {
                return null;
            }
            chain.append("thread ").append(owner.getName()).append(" holds it and waits for the lock on ")
                    .append(next.getFileName()).append(", ");
            lock = JVM_LOCKS.get(next);
            if (lock == null) {
                return null;
            }
        }
        return null;
    }

    /**
     * Deletes the lock files no process holds — left by a process that died holding them — and
     * the directory once empty. Only regular files named like keys are touched, and a link in
     * place of the directory is left alone.
     */
    void removeFree() throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && StorageNames.isKey(file.getFileName().toString())) {
                    removeIfFree(file);
                }
            }
        }
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException stillInUse) {
            // Some key is locked: the directory stays.
        }
    }

    private static void removeIfFree(Path file) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, path -> new OwnedLock());
        if (!jvmLock.tryLock()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
             FileLock lock = channel.tryLock()) {
            if (lock != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | OverlappingFileLockException e) {
            // Held or gone: either way not ours to remove.
        } finally {
            jvmLock.unlock();
        }
    }

    private static FileLock acquire(FileChannel channel, String key, long start) throws IOException {
        long nextReport = REPORT_EVERY.toNanos();
        long pauseMillis = 5;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            long waited = System.nanoTime() - start;
            if (waited > PATIENCE.toNanos()) {
                throw new IOException("another process has been computing " + key + " for over "
                        + PATIENCE.toMinutes() + " minutes");
            }
            if (waited > nextReport) {
                Console.info("waiting for another process computing " + key);
                nextReport += REPORT_EVERY.toNanos();
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock on " + key);
            }
            pauseMillis = Math.min(pauseMillis * 2, 200);
        }
    }
}
