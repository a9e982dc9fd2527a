package dev.labtech.internal.fingerprint;

import dev.labtech.internal.Sha1;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The SHA-1 of a file's content, or of a directory's (every file under it, by relative path), as
 * a {@code Path} argument or an {@code inputs} entry joins a cache key. Touching a file without
 * changing its bytes changes no key.
 *
 * <p>A file is read again whenever it may have changed. Its size and modification time are not
 * enough: {@code cp -p}, {@code rsync -t} or an unzip give a replaced file the old time, and a
 * same-size replacement would keep the old digest. So a digest is reused only while the file's
 * status-change time ({@code unix:ctime}, which no tool can set back) and identity (device and
 * inode) are also the same, and only once that change time lies {@value #SETTLED_MILLIS} ms before
 * the digest was taken: a file changed again within the file system's timestamp granularity would
 * otherwise look the same (git's "racily clean" rule). Where the file system has no change time
 * (not a Unix system), every digest reads the file.
 */
public final class FileDigests {

    /** What a missing file's content is written as. */
    public static final String MISSING = "missing";

    /** How long after its last change a file's attributes are trusted to tell a later change. */
    public static final long SETTLED_MILLIS = 2_000;

    private static final String ATTRIBUTES = "unix:size,lastModifiedTime,ctime,fileKey";

    private record Seen(long size, long modified, Object changed, Object fileKey, String digest) {
    }

    private static final Map<Path, Seen> FILES = new ConcurrentHashMap<>();

    private FileDigests() {
    }

    /** The digest of the file or directory at {@code path}, {@value #MISSING} if there is none. */
    public static String of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            return attributes.isDirectory() ? directory(absolute) : file(absolute);
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + absolute + " to key a fixture by its content: " + e, e);
        }
    }

    /** The digest of a resource, such as {@code classpath:/corpus/train.txt} resolved by a class loader. */
    public static String of(URL resource) {
        if (resource.getProtocol().equals("file")) {
            try {
                return of(Path.of(resource.toURI()));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                // read it as a stream below
            }
        }
        try (InputStream in = resource.openStream()) {
            return HexFormat.of().formatHex(Sha1.digest().digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource + " to key a fixture by its content: " + e, e);
        }
    }

    private static String file(Path file) throws IOException {
        long readAt = System.currentTimeMillis();
        Seen now = status(file);
        Seen seen = FILES.get(file);
        if (now != null && seen != null && seen.size == now.size && seen.modified == now.modified
                && seen.changed.equals(now.changed) && java.util.Objects.equals(seen.fileKey, now.fileKey)) {
            return seen.digest;
        }
        MessageDigest digest = Sha1.digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        String text = HexFormat.of().formatHex(digest.digest());
        if (now != null && ((FileTime) now.changed).toMillis() < readAt - SETTLED_MILLIS && now.equals(status(file))) {
            FILES.put(file, new Seen(now.size, now.modified, now.changed, now.fileKey, text));
        } else {
            FILES.remove(file);
        }
        return text;
    }

    /** The file's size, times and identity, without a digest; {@code null} where there is no change time. */
    private static Seen status(Path file) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, ATTRIBUTES);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        Object changed = attributes.get("ctime");
        if (!(changed instanceof FileTime)) {
            return null;
        }
        return new Seen((Long) attributes.get("size"), ((FileTime) attributes.get("lastModifiedTime")).toMillis(),
                changed, attributes.get("fileKey"), null);
    }

    private static String directory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest digest = Sha1.digest();
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            digest.update((relative + "=" + file(file) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "dir:" + HexFormat.of().formatHex(digest.digest());
    }
}
