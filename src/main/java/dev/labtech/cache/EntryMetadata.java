package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.ResultMeta;
import dev.labtech.Task;
import dev.labtech.internal.Json;
import dev.labtech.internal.Versions;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads an entry's {@value BaseCache#METADATA_FILENAME}: labtech's fields
 * ({@code labtech_version}, {@code cache}, {@code cache_key}, {@code task}, {@code start_timestamp},
 * {@code duration_seconds}) plus {@code format}, {@code fixture}, {@code arguments_text} (the
 * arguments as people read them), {@code result_file}, {@code files} (each file's {@code bytes}
 * and {@code crc32c}) and {@code result_fingerprint}.
 */
final class EntryMetadata {

    /** The layout version of entries this release writes and reads; 2 since keys are typed. */
    static final int FORMAT = 2;

    private static final String FILE = BaseCache.METADATA_FILENAME;

    private EntryMetadata() {
    }

    static ObjectNode create(CacheKey cacheKey, ResultMeta meta, String cache, String resultFile,
                             Map<String, String> fingerprint, Map<String, EntryFiles.Digest> files,
                             Serializer serializer) {
        Task task = cacheKey.task();
        String key = cacheKey.value();
        ObjectNode node = Json.PLAIN.createObjectNode();
        node.put("labtech_version", Versions.LABTECH);
        node.put("format", FORMAT);
        node.put("cache", cache);
        node.put("cache_key", key);
        node.put("fixture", task.fixtureName());
        node.set("task", Json.PLAIN.readTree(cacheKey.canonicalTask()));
        node.put("arguments_text", serializer.describeArguments(task, 200));
        node.put("start_timestamp", meta.start().toString());
        node.put("duration_seconds", BigDecimal.valueOf(meta.duration().toNanos(), 9).stripTrailingZeros());
        node.put("result_file", resultFile);
        ObjectNode digests = node.putObject("files");
        new TreeMap<>(files).forEach((name, digest) -> digests.putObject(name)
                .put("bytes", digest.bytes())
                .put("crc32c", digest.crcText()));
        if (!fingerprint.isEmpty()) {
            ObjectNode parts = node.putObject("result_fingerprint");
            new TreeMap<>(fingerprint).forEach(parts::put);
        }
        return node;
    }

    /**
     * Reads the metadata of entry {@code key}, checked to be labtech metadata of this format for
     * this key, by whichever cache.
     *
     * @throws CacheException if it is missing, unreadable, or not such metadata
     */
    static JsonNode read(Storage storage, String key) {
        JsonNode metadata;
        try (InputStream in = storage.read(key, FILE)) {
            metadata = Json.PLAIN.readTree(in);
        } catch (NoSuchFileException e) {
            throw new CacheException("Entry " + key + " has no " + FILE + ": it is missing or incomplete");
        } catch (IOException | JacksonException e) {
            throw new CacheException("Cannot read " + FILE + " of entry " + key + ": " + e, e);
        }
        if (!metadata.isObject() || !metadata.path("task").isObject()) {
            throw new CacheException(FILE + " of entry " + key + " is not labtech metadata");
        }
        if (!metadata.path("labtech_version").isString() || metadata.path("labtech_version").asString().isBlank()) {
            throw new CacheException(FILE + " of entry " + key + " names no labtech_version");
        }
        if (metadata.path("format").asInt(-1) != FORMAT) {
            throw new CacheException("Entry " + key + " was written in format " + metadata.path("format")
                    + " by labtech " + metadata.path("labtech_version") + "; this release reads format " + FORMAT);
        }
        if (!key.equals(metadata.path("cache_key").asString(""))) {
            throw new CacheException(FILE + " of entry " + key + " belongs to entry " + metadata.path("cache_key"));
        }
        return metadata;
    }

    /** The length and checksum recorded for each file of the entry. */
    static Map<String, EntryFiles.Digest> files(JsonNode metadata) {
        JsonNode files = metadata.path("files");
        if (!files.isObject()) {
            throw new CacheException(FILE + " of entry " + metadata.path("cache_key").asString("")
                    + " records no lengths and checksums of its files");
        }
        Map<String, EntryFiles.Digest> digests = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> file : files.properties()) {
            JsonNode digest = file.getValue();
            try {
                digests.put(file.getKey(), new EntryFiles.Digest(digest.required("bytes").longValue(),
                        Long.parseLong(digest.required("crc32c").asString(), 16)));
            } catch (RuntimeException e) {
                throw new CacheException(FILE + " of entry " + metadata.path("cache_key").asString("")
                        + " records an unreadable digest of " + file.getKey() + ": " + e, e);
            }
        }
        return digests;
    }

    /** When the result was computed, and how long that took. */
    static ResultMeta meta(JsonNode metadata) {
        try {
            Instant start = Instant.parse(metadata.required("start_timestamp").asString());
            BigDecimal seconds = metadata.required("duration_seconds").decimalValue();
            return new ResultMeta(start, Duration.ofNanos(seconds.movePointRight(9).longValue()));
        } catch (RuntimeException e) {
            throw new CacheException("Cannot read start_timestamp and duration_seconds of entry "
                    + metadata.path("cache_key") + ": " + e, e);
        }
    }

    /** Checks the stored {@code result_fingerprint} against what the cache expects now. */
    static void checkFingerprint(String key, Task task, JsonNode metadata, Map<String, String> expected) {
        JsonNode stored = metadata.path("result_fingerprint");
        for (Map.Entry<String, String> part : expected.entrySet()) {
            String actual = stored.path(part.getKey()).asString(null);
            if (!part.getValue().equals(actual)) {
                throw new CacheException("Entry " + key + " was stored for another " + part.getKey() + " of "
                        + task.method().getGenericReturnType().getTypeName() + " (" + actual + ", now "
                        + part.getValue() + "): the class changed since");
            }
        }
    }
}
