package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.Task;
import dev.labtech.internal.DeclaredTypes;
import dev.labtech.internal.Sha1;
import dev.labtech.internal.canonical.CanonicalJson.UnsupportedValueException;
import dev.labtech.internal.canonical.CanonicalJson;
import dev.labtech.storage.Storage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * {@code JsonCache} stores results as JSON in {@code data.json}: readable, diffable, and loading it
 * never runs code from the file. Use it where people read or diff results; {@link BinaryCache} is the
 * default.
 *
 * <p>A result is written as its state, the non-transient fields of every object (as Java
 * serialization does), not what its getters expose, and read back as the fixture method's declared
 * return type. Before anything is stored the JSON is read back and compared with the result, value
 * and class of every part (a {@code Long} must come back a {@code Long}, a sorted set a sorted set;
 * only which {@code List}, {@code Set} or {@code Map} implementation holds the elements may
 * change), so a result Jackson cannot rebuild exactly (no creator, no no-arg constructor, an
 * {@code Object} or {@code Number} field whose value JSON cannot type) is refused at save time, with
 * a {@link CacheException} suggesting {@link BinaryCache}, instead of being saved and
 * later loaded as a different value. The shape of the return type (its classes' fields and their types) is
 * recorded in the metadata, so after a field is added, removed or retyped the entry is recomputed
 * rather than loaded with a field missing.
 *
 * @since 0.1.0
 */
public class JsonCache extends BaseCache {

    /** What every key of this cache starts with, as labtech's {@code KEY_PREFIX}. */
    public static final String KEY_PREFIX = "json__";

    /** The name of the result file in each entry. */
    public static final String RESULT_FILENAME = "data.json";

    /** Whether a fixture's declared return type makes {@code equals} an exact comparison; decided once per method. */
    private static final Map<Method, Boolean> VALUE_TYPED = new ConcurrentHashMap<>();

    public JsonCache() {
        super(KEY_PREFIX, RESULT_FILENAME);
    }

    /** The shape of the declared return type: a class whose fields changed is recomputed, not loaded. */
    @Override
    protected Map<String, String> resultFingerprint(Task task) {
        return Map.of("shape", DeclaredTypes.shapeOf(task.method().getGenericReturnType()));
    }

    @Override
    protected void saveResult(Storage storage, CacheKey key, Object result) throws IOException {
        Task task = key.task();
        byte[] json;
        try {
            json = Json.RESULTS.writeValueAsBytes(result);
        } catch (JacksonException e) {
            throw refuse(task, result, "Jackson cannot write it: " + e.getOriginalMessage(), e);
        }
        verifyRoundTrip(task, result, json);
        storage.write(key.value(), resultFileName(), out -> out.write(json));
    }

    /** {@link #saveResult} reads the JSON back and compares it with the result before writing it. */
    @Override
    boolean readsBackItself() {
        return true;
    }

    @Override
    protected Object loadResult(Storage storage, CacheKey key) throws IOException {
        Task task = key.task();
        try (InputStream in = new BufferedInputStream(storage.read(key.value(), resultFileName()), 1 << 16)) {
            return Json.RESULTS.readValue(in, returnType(task));
        }
    }

    private static void verifyRoundTrip(Task task, Object result, byte[] json) {
        if (result == null) {
            return;
        }
        Object loaded;
        try {
            loaded = Json.RESULTS.readValue(json, returnType(task));
        } catch (JacksonException e) {
            throw refuse(task, result, "Jackson cannot rebuild it: " + e.getOriginalMessage(), e);
        }
        if (VALUE_TYPED.computeIfAbsent(task.method(), method -> DeclaredTypes.isValueTyped(method.getGenericReturnType()))
                && java.util.Objects.deepEquals(result, loaded) && !CanonicalJson.holdsHiddenState(result)) {
            // The declared type fixes every class and compares by value, and no container holds more
            // than its elements (a comparator, access order, fields of its own): equal means exact.
            return;
        }
        byte[] expected;
        try {
            expected = fingerprint(result);
        } catch (UnsupportedValueException e) {
            throw refuse(task, result, "its state at " + e.path() + " is a " + e.type().getName()
                    + " that JsonCache cannot compare (" + e.getMessage() + ")", e);
        }
        byte[] actual;
        try {
            actual = fingerprint(loaded);
        } catch (UnsupportedValueException e) {
            actual = new byte[0];
        }
        if (!Arrays.equals(expected, actual)) {
            throw refuse(task, result, "reading the JSON back gives a different value or type ("
                    + firstDifference(result, loaded) + "), typically because a field is declared as Object, "
                    + "Number or an interface", null);
        }
    }

    /** Where a value and its copy first differ, in their exact canonical texts, for the refusal message. */
    private static String firstDifference(Object result, Object loaded) {
        String expected = exact(result);
        String actual = exact(loaded);
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 30);
        return "stored …" + excerpt(expected, from) + "… but read back …" + excerpt(actual, from) + "…";
    }

    private static String exact(Object value) {
        try {
            return CanonicalJson.toString(value, null, CanonicalJson.Form.EXACT);
        } catch (UnsupportedValueException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static String excerpt(String text, int from) {
        return text.substring(Math.min(from, text.length()), Math.min(text.length(), from + 70));
    }

    private static JavaType returnType(Task task) {
        return Json.RESULTS.constructType(task.method().getGenericReturnType());
    }

    private static byte[] fingerprint(Object value) {
        MessageDigest digest = Sha1.digest();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            CanonicalJson.write(out, value, null, CanonicalJson.Form.EXACT);
        } catch (IOException e) {
            throw new IllegalStateException("A null output stream does not fail", e);
        }
        return digest.digest();
    }

    private static CacheException refuse(Task task, Object result, String reason, Throwable cause) {
        return new CacheException("JsonCache cannot store the result of " + task.fixtureName() + " faithfully: "
                + result.getClass().getName() + " — " + reason
                + ". Use @LabtechCached(cache = BinaryCache.class), the default, for this fixture.", cause);
    }
}
