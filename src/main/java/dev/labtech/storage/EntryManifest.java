package dev.labtech.storage;

import dev.labtech.internal.Checksums;
import dev.labtech.internal.JsonText;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * What an entry is made of, as far as a storage needs to know: the files its
 * {@value #FILE} lists under {@code files}, each with its length and CRC-32C. The caches write an
 * entry's files first and {@value #FILE} last, so an entry whose {@value #FILE} is there is
 * complete; a storage that moves whole entries (the team cache) copies the files this names, checked
 * against their digests, then {@value #FILE}.
 *
 * <p>The one owner of the {@code cache_key} and {@code files} fields: the caches write them with
 * {@link #writeFiles} and read them through {@link #of}, as {@link LayeredStorage} does.
 *
 * @param key   the entry
 * @param files the entry's files other than {@value #FILE}, by name
 * @since 0.1.0
 */
public record EntryManifest(String key, Map<String, Checksums.Digest> files) {

    /** The name of an entry's metadata, which lists its files and is written last. */
    public static final String FILE = "metadata.json";

    /** More than any {@value #FILE} labtech writes; a bigger one is not an entry's. */
    public static final int MAX_BYTES = 16 << 20;

    public EntryManifest {
        files = Map.copyOf(files);
    }

    /**
     * The manifest in the parsed {@value #FILE} of entry {@code key}.
     *
     * @throws IllegalArgumentException if it is not the metadata of this entry or its digests cannot be read
     */
    public static EntryManifest of(String key, Object metadata) {
        if (!(metadata instanceof Map<?, ?> fields) || !key.equals(fields.get("cache_key"))) {
            throw new IllegalArgumentException("it is not the " + FILE + " of entry " + key);
        }
        if (!(fields.get("files") instanceof Map<?, ?> files)) {
            throw new IllegalArgumentException("it records no lengths and checksums of its files");
        }
        Map<String, Checksums.Digest> digests = new HashMap<>();
        for (Map.Entry<?, ?> file : files.entrySet()) {
            try {
                Map<?, ?> digest = (Map<?, ?>) file.getValue();
                digests.put((String) file.getKey(), new Checksums.Digest(((Number) digest.get("bytes")).longValue(),
                        Long.parseLong((String) digest.get("crc32c"), 16)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("it records an unreadable digest of " + file.getKey() + ": " + e, e);
            }
        }
        digests.remove(FILE);
        return new EntryManifest(key, digests);
    }

    /**
     * The manifest in the bytes of entry {@code key}'s {@value #FILE}.
     *
     * @throws IllegalArgumentException if they are more than {@value #MAX_BYTES} bytes, not JSON, or not
     *                                  such metadata
     */
    public static EntryManifest parse(String key, byte[] metadata) {
        if (metadata.length > MAX_BYTES) {
            throw new IllegalArgumentException("it is larger than " + MAX_BYTES + " bytes");
        }
        try {
            return of(key, JsonText.parse(new ByteArrayInputStream(metadata)));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Writes the {@code files} field: each file's {@code bytes} and {@code crc32c}, by name. */
    public static void writeFiles(JsonGenerator json, Map<String, Checksums.Digest> files) {
        json.writeName("files");
        json.writeStartObject();
        for (Map.Entry<String, Checksums.Digest> file : new TreeMap<>(files).entrySet()) {
            json.writeName(file.getKey());
            json.writeStartObject();
            json.writeNumberProperty("bytes", file.getValue().bytes());
            json.writeStringProperty("crc32c", file.getValue().crcText());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** The files' bytes together, without {@value #FILE}. */
    public long bytes() {
        return files.values().stream().mapToLong(Checksums.Digest::bytes).sum();
    }
}
