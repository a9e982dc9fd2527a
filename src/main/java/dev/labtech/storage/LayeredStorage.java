package dev.labtech.storage;

import dev.labtech.internal.Checksums;
import dev.labtech.internal.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code LayeredStorage} is a local storage with a team cache behind it: entries are read from the
 * local layer; an entry missing there is downloaded from the remote one into the local layer, and
 * checked on the way, before anything reads it; an entry written locally is uploaded when
 * {@code push} is on.
 *
 * <p>What this means for a team: CI computes an expensive fixture once and pushes it; every
 * developer's first run downloads it instead of computing it.
 *
 * <ul>
 *   <li>A download is whole and checked or nothing: the remote {@code metadata.json} is read first,
 *       each file it lists is copied into the local layer while its length and CRC-32C are
 *       compared with what the metadata records, and the metadata is written last. A damaged remote
 *       entry never reaches the local layer; it is reported once and computed again (and, when
 *       {@code push} is on, removed from the remote so the new result can replace it).</li>
 *   <li>An upload happens once the local entry is complete (its metadata written), and never
 *       replaces another machine's entry for the same key: see {@link S3Storage}.</li>
 *   <li>Remote trouble — unreachable, access denied, throttled, slow — costs one warning; the
 *       storage then works locally for the rest of the run. It never fails a test.</li>
 * </ul>
 *
 * <p>Listing, existence, locks, deletion and times of use are the local layer's: the remote is
 * listed and cleared by {@code mvn labtech:list} and {@code labtech:clear} with
 * {@code -Dlabtech.remote=...}.
 *
 * @since 0.1.0
 */
public final class LayeredStorage extends ForwardingStorage {

    private static final String METADATA = EntryManifest.FILE;

    private final Storage remote;
    private final boolean push;
    private final AtomicBoolean remoteUsable = new AtomicBoolean(true);
    /** Keys the remote was asked for and does not have; asked again only after this storage writes them. */
    private final Set<String> missingRemotely = ConcurrentHashMap.newKeySet();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();

    /**
     * @param local  where entries are read and written
     * @param remote the team cache entries are downloaded from, and uploaded to if {@code push}
     * @param push   whether entries written locally are uploaded
     */
    public LayeredStorage(Storage local, Storage remote, boolean push) {
        super(local);
        this.remote = Objects.requireNonNull(remote, "remote");
        this.push = push;
    }

    /** The layer entries are read from and written to. */
    public Storage local() {
        return delegate();
    }

    /** The team cache behind it. */
    public Storage remote() {
        return remote;
    }

    /** Whether entries written locally are uploaded. */
    public boolean pushes() {
        return push;
    }

    /** Entries moved between the layers so far, and their bytes. */
    public Transfers transfers() {
        return new Transfers(downloads.get(), downloadedBytes.get(), uploads.get(), uploadedBytes.get());
    }

    /**
     * Entries downloaded from and uploaded to the team cache, with the bytes of their files.
     *
     * @since 0.1.0
     */
    public record Transfers(long downloads, long downloadedBytes, long uploads, long uploadedBytes) {

        /** Whether nothing moved. */
        public boolean none() {
            return downloads == 0 && uploads == 0;
        }
    }

    @Override
    public InputStream read(String key, String fileName) throws IOException {
        try {
            return local().read(key, fileName);
        } catch (NoSuchFileException missing) {
            if (fileName.equals(METADATA) && download(key)) {
                return local().read(key, fileName);
            }
            throw missing;
        }
    }

    @Override
    public void write(String key, String fileName, ContentWriter content) throws IOException {
        local().write(key, fileName, content);
        if (fileName.equals(METADATA)) {
            missingRemotely.remove(key);
            if (push) {
                upload(key);
            }
        }
    }

    @Override
    public String describe() {
        return local().describe() + " with the team cache " + remote.describe();
    }

    /** Copies the remote entry into the local layer, checked; whether it is there now. */
    private boolean download(String key) {
        if (!remoteUsable.get() || missingRemotely.contains(key)) {
            return false;
        }
        byte[] metadata;
        EntryManifest manifest;
        try {
            try (InputStream in = remote.read(key, METADATA)) {
                metadata = in.readNBytes(EntryManifest.MAX_BYTES + 1);
            }
            manifest = manifestOf(metadata, key);
        } catch (NoSuchFileException e) {
            missingRemotely.add(key);
            return false;
        } catch (DamagedEntry e) {
            damaged(key, e.getMessage());
            return false;
        } catch (IOException | RuntimeException e) {
            remoteFailed("download " + key + " from", e);
            return false;
        }
        long bytes = metadata.length;
        try {
            for (Map.Entry<String, Checksums.Digest> file : new TreeMap<>(manifest.files()).entrySet()) {
                copy(key, file.getKey(), file.getValue());
            }
            bytes += manifest.bytes();
            local().write(key, METADATA, out -> out.write(metadata));
        } catch (DamagedEntry e) {
            removeLocally(key);
            damaged(key, e.getMessage());
            return false;
        } catch (NoSuchFileException e) {
            // Committed but a file is gone: being deleted, or a store that lost it. Computed again.
            removeLocally(key);
            Console.debug(() -> "the team cache's entry " + key + " is incomplete: " + e.getMessage());
            return false;
        } catch (IOException | RuntimeException e) {
            removeLocally(key);
            remoteFailed("download " + key + " from", e);
            return false;
        }
        downloads.incrementAndGet();
        downloadedBytes.addAndGet(bytes);
        long moved = bytes;
        Console.debug(() -> "downloaded " + key + " (" + moved + " bytes) from " + remote.describe());
        return true;
    }

    /** Copies one remote file into the local layer, refusing it unless its length and CRC-32C match. */
    private void copy(String key, String fileName, Checksums.Digest expected) throws IOException {
        local().write(key, fileName, out -> {
            try (Checksums.Checking in = new Checksums.Checking(remote.read(key, fileName), fileName, expected)) {
                in.transferTo(out);
                Optional<String> problem = in.finish();
                if (problem.isPresent()) {
                    throw new DamagedEntry(problem.get());
                }
            }
        });
    }

    /** Uploads the complete local entry: its files, then its metadata. */
    private void upload(String key) {
        if (!remoteUsable.get()) {
            return;
        }
        try {
            byte[] metadata;
            try (InputStream in = local().read(key, METADATA)) {
                metadata = in.readAllBytes();
            }
            EntryManifest manifest = manifestOf(metadata, key);
            for (String file : new java.util.TreeSet<>(manifest.files().keySet())) {
                remote.write(key, file, out -> {
                    try (InputStream in = local().read(key, file)) {
                        in.transferTo(out);
                    }
                });
            }
            long bytes = metadata.length + manifest.bytes();
            remote.write(key, METADATA, out -> out.write(metadata));
            uploads.incrementAndGet();
            uploadedBytes.addAndGet(bytes);
        } catch (FileAlreadyExistsException e) {
            Console.debug(() -> "not uploading " + key + ": another machine uploaded it first");
        } catch (DamagedEntry e) {
            Console.debug(() -> "not uploading " + key + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            remoteFailed("upload " + key + " to", e);
        }
    }

    /** What {@code metadata} says entry {@code key} is made of. */
    private static EntryManifest manifestOf(byte[] metadata, String key) throws DamagedEntry {
        try {
            return EntryManifest.parse(key, metadata);
        } catch (IllegalArgumentException e) {
            throw new DamagedEntry(METADATA + " of " + key + ": " + e.getMessage());
        }
    }

    private void damaged(String key, String problem) {
        // Not asked for again this run: a damaged entry is one warning, however often it is looked up.
        missingRemotely.add(key);
        Console.warning("the team cache's entry " + key + " is damaged (" + problem + "); computing it again");
        if (push) {
            try {
                remote.delete(key);
            } catch (IOException | RuntimeException e) {
                remoteFailed("remove the damaged entry " + key + " from", e);
            }
        }
    }

    private void removeLocally(String key) {
        try {
            local().delete(key);
        } catch (IOException | RuntimeException e) {
            Console.debug(() -> "could not remove the partial download of " + key + ": " + e);
        }
    }

    /** The first remote failure is reported and ends the use of the remote for this storage's life. */
    private void remoteFailed(String what, Exception e) {
        if (remoteUsable.compareAndSet(true, false)) {
            Console.warning("could not " + what + " the team cache " + remote.describe() + " (" + e.getMessage()
                    + "); using " + local().describe() + " alone for the rest of this run");
        }
    }
}
