package dev.labtech.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The SHA-1 of a file's content, or of a directory's (every file under it, by relative path), as
 * a {@code Path} argument or an {@code inputs} entry joins a cache key. A file is read once per run
 * while its size and modification time stay the same; touching it without changing its bytes
 * changes no key.
 */
public final class FileDigests {

    /** What a missing file's content is written as. */
    public static final String MISSING = "missing";

    private record Seen(long size, long modified, String digest) {
    }

    private static final Map<Path, Seen> FILES = new ConcurrentHashMap<>();

    private FileDigests() {
    }

    /** The digest of the file or directory at {@code path}, {@value #MISSING} if there is none. */
    public static String of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            return attributes.isDirectory() ? directory(absolute) : file(absolute, attributes);
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

    private static String file(Path file, BasicFileAttributes attributes) throws IOException {
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Seen seen = FILES.get(file);
        if (seen != null && seen.size == size && seen.modified == modified) {
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
        FILES.put(file, new Seen(size, modified, text));
        return text;
    }

    private static String directory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest digest = Sha1.digest();
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            digest.update((relative + "=" + file(file, Files.readAttributes(file, BasicFileAttributes.class)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return "dir:" + HexFormat.of().formatHex(digest.digest());
    }
}
