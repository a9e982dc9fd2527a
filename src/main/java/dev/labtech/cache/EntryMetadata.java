package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.CallIdentity;
import dev.labtech.ChildCall;
import dev.labtech.ResultMeta;
import dev.labtech.Task;
import dev.labtech.internal.Checksums;
import dev.labtech.internal.JsonText;
import dev.labtech.storage.EntryManifest;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * An entry's {@value BaseCache#METADATA_FILENAME}: labtech's fields ({@code labtech_version},
 * {@code cache}, {@code cache_key}, {@code task}, {@code start_timestamp}, {@code duration_seconds})
 * plus {@code format}, {@code fixture}, {@code arguments_text} (the arguments as people read them),
 * {@code result_file}, {@code files} (each file's {@code bytes} and {@code crc32c}) and
 * {@code result_fingerprint}. Written and read with jackson-core's streaming API, which a new JVM
 * loads far faster than data binding.
 */
final class EntryMetadata {

    /** The layout version of entries this release writes and reads; 2 since keys are typed. */
    static final int FORMAT = 3;

    private static final String FILE = BaseCache.METADATA_FILENAME;

    private final String key;
    private final Map<String, Object> fields;

    private EntryMetadata(String key, Map<String, Object> fields) {
        this.key = key;
        this.fields = fields;
    }

    static void write(OutputStream out, CacheKey cacheKey, ResultMeta meta, String cache, String resultFile,
                      Map<String, String> fingerprint, Map<String, Checksums.Digest> files) {
        Task task = cacheKey.task();
        try (JsonGenerator json = JsonText.generator(out)) {
            json.writeStartObject();
            json.writeStringProperty("labtech_version", Versions.LABTECH);
            json.writeNumberProperty("format", FORMAT);
            json.writeStringProperty("cache", cache);
            json.writeStringProperty("cache_key", cacheKey.value());
            json.writeStringProperty("fixture", task.fixtureName());
            json.writeName("task");
            json.writeRawValue(cacheKey.canonicalTask());
            json.writeStringProperty("arguments_text", task.describeArguments(200));
            CallIdentity identity = task.identity();
            if (identity.code().isPresent()) {
                json.writeName("code");
                json.writeStartObject();
                json.writeStringProperty("hash", identity.code().get());
                json.writeName("classes");
                json.writeStartObject();
                for (Map.Entry<String, String> type : identity.codeClasses().entrySet()) {
                    json.writeStringProperty(type.getKey(), type.getValue());
                }
                json.writeEndObject();
                json.writeName("libraries");
                json.writeStartArray();
                for (String library : identity.libraries()) {
                    json.writeString(library);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            if (!identity.inputs().isEmpty()) {
                json.writeName("inputs");
                json.writeStartObject();
                for (Map.Entry<String, String> input : identity.inputs().entrySet()) {
                    json.writeStringProperty(input.getKey(), input.getValue());
                }
                json.writeEndObject();
            }
            json.writeStringProperty("start_timestamp", meta.start().toString());
            json.writeName("duration_seconds");
            json.writeNumber(BigDecimal.valueOf(meta.duration().toNanos(), 9).stripTrailingZeros());
            json.writeStringProperty("result_file", resultFile);
            if (!meta.calls().isEmpty()) {
                json.writeName("calls");
                json.writeStartArray();
                for (ChildCall call : meta.calls()) {
                    json.writeStartObject();
                    json.writeStringProperty("key", call.key());
                    json.writeName("task");
                    json.writeRawValue(call.canonicalTask());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            EntryManifest.writeFiles(json, files);
            if (!fingerprint.isEmpty()) {
                json.writeName("result_fingerprint");
                json.writeStartObject();
                for (Map.Entry<String, String> part : new TreeMap<>(fingerprint).entrySet()) {
                    json.writeStringProperty(part.getKey(), part.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }

    /**
     * Reads the metadata of entry {@code key}, checked to be labtech metadata of this format for
     * this key, by whichever cache.
     *
     * @throws CacheException if it is missing, unreadable, or not such metadata
     */
    @SuppressWarnings("unchecked")
    static EntryMetadata read(Storage storage, String key) {
        return find(storage, key).orElseThrow(
                () -> new CacheException("Entry " + key + " has no " + FILE + ": it is missing or incomplete"));
    }

    /**
     * The entry's metadata, read and checked once; empty if it has none (no such entry, or one
     * still being written).
     *
     * @throws CacheException if it is there but damaged or not labtech's
     */
    static java.util.Optional<EntryMetadata> find(Storage storage, String key) {
        Object tree;
        try (InputStream in = storage.read(key, FILE)) {
            tree = JsonText.parse(in);
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            throw new CacheException("Cannot read " + FILE + " of entry " + key + ": " + e, e);
        }
        if (!(tree instanceof Map<?, ?> map) || !(map.get("task") instanceof Map<?, ?>)) {
            throw new CacheException(FILE + " of entry " + key + " is not labtech metadata");
        }
        EntryMetadata metadata = new EntryMetadata(key, (Map<String, Object>) map);
        String version = metadata.string("labtech_version", "");
        if (version.isBlank()) {
            throw new CacheException(FILE + " of entry " + key + " names no labtech_version");
        }
        Object format = map.get("format");
        if (!(format instanceof Number number) || number.intValue() != FORMAT) {
            throw new CacheException("Entry " + key + " was written in format " + format + " by labtech \"" + version
                    + "\"; this release reads format " + FORMAT);
        }
        if (!key.equals(metadata.string("cache_key", ""))) {
            throw new CacheException(FILE + " of entry " + key + " belongs to entry " + map.get("cache_key"));
        }
        return java.util.Optional.of(metadata);
    }

    /** A string field, or {@code otherwise} when it is missing or not a string. */
    String string(String name, String otherwise) {
        return fields.get(name) instanceof String text ? text : otherwise;
    }

    /** A string field of the stored call ({@code fixture}, {@code version}, {@code return_type}), {@code ""} if none. */
    String task(String name) {
        return fields.get("task") instanceof Map<?, ?> task && task.get(name) instanceof String text ? text : "";
    }

    /** The class name of the cache that wrote the entry, {@code ""} if not recorded. */
    String cache() {
        return string("cache", "");
    }

    /** When the result was computed, and how long that took. */
    ResultMeta meta() {
        try {
            Instant start = Instant.parse((String) fields.get("start_timestamp"));
            BigDecimal seconds = new BigDecimal(fields.get("duration_seconds").toString());
            if (seconds.signum() < 0 || seconds.scale() > 9 || seconds.precision() - seconds.scale() > 10) {
                throw new IllegalArgumentException("duration_seconds " + seconds.toString().substring(0,
                        Math.min(40, seconds.toString().length())) + " is not a duration of at most 10^10 s in ns");
            }
            return new ResultMeta(start, Duration.ofNanos(seconds.movePointRight(9).longValueExact()), calls());
        } catch (RuntimeException e) {
            throw new CacheException("Cannot read start_timestamp and duration_seconds of entry " + key + ": " + e, e);
        }
    }

    /** The stored call, as canonical JSON. */
    String taskJson() {
        return json(fields.get("task"));
    }

    /** The cached fixtures the result's computation called, with their keys then. */
    List<ChildCall> calls() {
        List<ChildCall> calls = new ArrayList<>();
        if (fields.get("calls") instanceof List<?> list) {
            for (Object call : list) {
                if (call instanceof Map<?, ?> map && map.get("key") instanceof String childKey
                        && map.get("task") instanceof Map<?, ?> task) {
                    calls.add(new ChildCall(childKey, json(task)));
                }
            }
        }
        return calls;
    }

    /** What the entry says about its call. */
    StoredCall storedCall() {
        Map<?, ?> code = fields.get("code") instanceof Map<?, ?> map ? map : Map.of();
        Set<String> libraries = new TreeSet<>();
        if (code.get("libraries") instanceof List<?> list) {
            list.forEach(library -> libraries.add(String.valueOf(library)));
        }
        Map<?, ?> task = fields.get("task") instanceof Map<?, ?> map ? map : Map.of();
        return new StoredCall(key, taskJson(), task("fixture"), task("method"),
                task.get("arguments") instanceof List<?> arguments ? json(arguments) : "[]", task("version"),
                task("return_type"), Optional.ofNullable(code.get("hash") instanceof String hash ? hash : null),
                strings(code.get("classes")), libraries, strings(fields.get("inputs")), calls(), task("arguments_sha1"),
                strings(task.get("files")));
    }

    /** A JSON object of names to strings (hashes, digests) as a sorted map; empty if it is none. */
    private static Map<String, String> strings(Object object) {
        Map<String, String> strings = new TreeMap<>();
        if (object instanceof Map<?, ?> map) {
            map.forEach((name, value) -> strings.put(String.valueOf(name), String.valueOf(value)));
        }
        return strings;
    }

    private static String json(Object tree) {
        return JsonText.write(tree);
    }

    /** The length and checksum recorded for each file of the entry. */
    Map<String, Checksums.Digest> files() {
        try {
            return EntryManifest.of(key, fields).files();
        } catch (IllegalArgumentException e) {
            throw new CacheException(FILE + " of entry " + key + ": " + e.getMessage(), e);
        }
    }

    /** Checks the stored {@code result_fingerprint} against what the cache expects now. */
    void checkFingerprint(Task task, Map<String, String> expected) {
        Map<?, ?> stored = fields.get("result_fingerprint") instanceof Map<?, ?> map ? map : Map.of();
        for (Map.Entry<String, String> part : expected.entrySet()) {
            Object actual = stored.get(part.getKey());
            if (!part.getValue().equals(actual)) {
                throw new CacheException("Entry " + key + " was stored for another " + part.getKey() + " of "
                        + task.method().getGenericReturnType().getTypeName() + " (" + actual + ", now "
                        + part.getValue() + "): the class changed since");
            }
        }
    }
}
