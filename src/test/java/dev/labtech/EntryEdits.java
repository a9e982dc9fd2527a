package dev.labtech;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites a result file of an entry together with the length and checksum its metadata records,
 * as a writer that is consistent but wrong would: content that passes the integrity check, so
 * what a test exercises is the cache's own defences (its allow-list, its class checks).
 */
public final class EntryEdits {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EntryEdits() {
    }

    /** Replaces {@code fileName} of {@code entry} with {@code content}, and its digest in metadata.json. */
    public static void rewrite(Path entry, String fileName, byte[] content) throws IOException {
        Files.write(entry.resolve(fileName), content);
        Path metadataFile = entry.resolve("metadata.json");
        ObjectNode metadata = (ObjectNode) JSON.readTree(metadataFile.toFile());
        CRC32C crc = new CRC32C();
        crc.update(content);
        ((ObjectNode) metadata.path("files")).putObject(fileName)
                .put("bytes", content.length)
                .put("crc32c", String.format("%08x", crc.getValue()));
        JSON.writeValue(metadataFile.toFile(), metadata);
    }

    /** {@link #rewrite} with {@code value} written by Java serialization. */
    public static void rewriteSerialized(Path entry, String fileName, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        rewrite(entry, fileName, bytes.toByteArray());
    }

    /**
     * The header BinaryCache writes before a value ({@code LTB3}, this machine's byte order, and
     * {@code V}: objects that are values keep no identity), for tests that write a file of their own.
     */
    public static byte[] binaryHeader() {
        return new byte[] {'L', 'T', 'B', '3',
            (byte) (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 'L' : 'B'), 'V'};
    }
}
