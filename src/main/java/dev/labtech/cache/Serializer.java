package dev.labtech.cache;

import dev.labtech.CallIdentity;
import dev.labtech.SerializerException;
import dev.labtech.Task;
import dev.labtech.internal.JsonText;
import dev.labtech.internal.Sha1;
import dev.labtech.internal.canonical.CanonicalJson.UnsupportedValueException;
import dev.labtech.internal.canonical.CanonicalJson;
import dev.labtech.internal.canonical.CanonicalReader;
import dev.labtech.internal.fingerprint.FileDigests;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Turns a fixture call into canonical JSON and back, as labtech's {@code Serializer} does for tasks.
 *
 * <p>The JSON names the fixture (interface, method, parameter types, return type), the version and
 * the argument values, with object members sorted by name:
 *
 * <pre>{@code
 * {"arguments":["iris",10,{"@java.lang.Long":5}],"arguments_sha1":"…","fixture":"com.example.ModelFixtures",
 *  "method":"model","parameter_types":["java.lang.String","int","java.lang.Object"],
 *  "return_type":"com.example.Model","version":"2"}
 * }</pre>
 *
 * <p>Arguments are written by value and typed: where the parameter's declared type does not pin
 * an argument's kind ({@code Object}, {@code Number}, {@code Collection}, a type variable), the
 * kind is written with it, so {@code 5} and {@code 5L} differ. Sets are written with sorted
 * elements and maps as sorted pairs, whatever their implementation; records as their components
 * and other objects as their non-transient fields; numbers in a text that is the same on every
 * JDK. So equal arguments give equal JSON on every JVM and machine. Arguments without a stable
 * value (lambdas, threads, cyclic object graphs) are refused with a {@link SerializerException}
 * naming the fixture, the parameter and the type.
 *
 * <p>The key hashes the <em>key text</em>: the same members with the arguments replaced by the
 * SHA-1 of their text ({@code arguments_sha1}), and the content digests of the files they name
 * ({@code files}) beside it. A stored call can so be given the key it would get now (current code,
 * version, inputs and file contents) from its JSON alone, without rebuilding its arguments
 * ({@link #keyText(StoredTask, String, CallIdentity, String)}). The call's JSON also records the
 * classes of its arguments ({@code argument_classes}), which the code fingerprint covers.
 *
 * @since 0.1.0
 */
public class Serializer {

    /**
     * A call as canonical JSON ({@code metadata.json}'s {@code task}), the text its key hashes, and
     * the text naming the call alone (fixture, method, parameter types, arguments), which stays the
     * same when its code, version, return type or input files change.
     */
    public record Canonical(String taskJson, String keyText, String callText) {
    }

    /** The canonical JSON of a call, as {@code metadata.json} records it. */
    public String serializeTask(Task task) {
        return canonical(task).taskJson();
    }

    /** The canonical JSON of a call and its key text, made in one pass over the arguments. */
    public Canonical canonical(Task task) {
        Method method = task.method();
        SortedMap<String, String> files = new TreeMap<>();
        StringWriter arguments = new StringWriter();
        try (JsonGenerator out = JsonText.generator(arguments)) {
            out.writeStartArray();
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                writeArgument(out, task, parameters[i], i, files);
            }
            out.writeEndArray();
        }
        CallIdentity identity = task.identity();
        List<String> parameterTypes = new ArrayList<>();
        for (Type type : method.getGenericParameterTypes()) {
            parameterTypes.add(type.getTypeName());
        }
        KeyParts parts = new KeyParts(Sha1.hex(arguments.toString()), files, identity.code().orElse(null),
                task.fixtureType().getName(), identity.inputs(), method.getName(), parameterTypes,
                method.getGenericReturnType().getTypeName(), task.version());
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JsonText.generator(text)) {
            out.writeStartObject();
            if (!identity.argumentClasses().isEmpty()) {
                out.writeName("argument_classes");
                out.writeStartArray();
                for (String name : identity.argumentClasses()) {
                    out.writeString(name);
                }
                out.writeEndArray();
            }
            out.writeName("arguments");
            out.writeRawValue(arguments.toString());
            parts.write(out);
            out.writeEndObject();
        }
        return new Canonical(text.toString(), parts.text(), parts.callText());
    }

    /**
     * The key text {@code stored} would get now: with the current {@code version}, code and inputs
     * ({@code identity}) and {@code returnType}, and the current content of the files its arguments
     * name; its arguments as they were.
     */
    public String keyText(StoredTask stored, String version, CallIdentity identity, String returnType) {
        SortedMap<String, String> files = new TreeMap<>();
        for (String path : stored.files()) {
            files.put(path, FileDigests.of(java.nio.file.Path.of(path)));
        }
        return new KeyParts(stored.argumentsSha1(), files, identity.code().orElse(null), stored.fixture(),
                identity.inputs(), stored.method(), stored.parameterTypes(), returnType, version).text();
    }

    /**
     * A stored call as its canonical JSON names it, for giving it the key it would get now
     * without rebuilding its arguments: nothing in it is loaded, only read.
     *
     * @param fixture          the fixture interface's binary name
     * @param method           the method's name
     * @param parameterTypes   the method's parameter types as written in the JSON
     * @param arguments        the arguments' canonical JSON
     * @param argumentsSha1    the SHA-1 of the arguments' canonical JSON, as the key hashes it
     * @param files            the files the arguments name, by path as written
     * @param argumentClasses  the project and library classes of the arguments, by binary name
     * @param version          the version it was computed with
     * @since 0.1.0
     */
    public record StoredTask(String fixture, String method, List<String> parameterTypes, String arguments,
                             String argumentsSha1, SortedSet<String> files, SortedSet<String> argumentClasses,
                             String version) {

        /** {@code Fixtures#data}: the fixture, as logs name it. */
        public String fixtureName() {
            return fixture.substring(Math.max(fixture.lastIndexOf('.'), fixture.lastIndexOf('$')) + 1) + "#" + method;
        }

        /** Its method among {@code fixture}'s, by name and parameter types as written; empty if there is none. */
        public Optional<Method> methodOf(Class<?> fixture) {
            try {
                return Optional.of(findMethod(fixture, method, parameterTypes));
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        }

        /** {@code Fixtures#data(10, "iris")}: the call, its arguments as their canonical JSON. */
        public String describe() {
            String text = arguments.startsWith("[") && arguments.endsWith("]")
                    ? arguments.substring(1, arguments.length() - 1) : arguments;
            return fixtureName() + "(" + (text.length() <= 120 ? text : text.substring(0, 119) + "…") + ")";
        }
    }

    /**
     * Reads what re-keying needs from a stored call's canonical JSON.
     *
     * @throws SerializerException if it is not such JSON, or was written by a labtech whose keys
     *                             were made otherwise (no {@code arguments_sha1})
     */
    public StoredTask storedTask(String json) {
        Object tree;
        try {
            tree = JsonText.parse(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SerializerException("Cannot read the fixture call " + abbreviate(json, 200) + ": " + e, e);
        }
        if (!(tree instanceof Map<?, ?> node) || !(node.get("fixture") instanceof String fixture)
                || !(node.get("method") instanceof String method) || !(node.get("version") instanceof String version)
                || !(node.get("arguments_sha1") instanceof String sha1) || !(node.get("parameter_types") instanceof List<?> types)) {
            throw new SerializerException("Cannot read the fixture call " + abbreviate(json, 200)
                    + ": it names no fixture, method, version, parameter types and arguments_sha1");
        }
        List<String> parameterTypes = new ArrayList<>();
        types.forEach(type -> parameterTypes.add(String.valueOf(type)));
        SortedSet<String> files = new TreeSet<>();
        if (node.get("files") instanceof Map<?, ?> named) {
            named.keySet().forEach(path -> files.add(String.valueOf(path)));
        }
        SortedSet<String> classes = new TreeSet<>();
        if (node.get("argument_classes") instanceof List<?> names) {
            names.forEach(name -> classes.add(String.valueOf(name)));
        }
        return new StoredTask(fixture, method, List.copyOf(parameterTypes), JsonText.write(node.get("arguments")), sha1,
                files, classes, version);
    }

    /** {@code "name":{"path":"digest",…}}, left out when there are none. */
    private static void writeDigests(JsonGenerator out, String name, Map<String, String> digests) {
        if (!digests.isEmpty()) {
            out.writeName(name);
            out.writeStartObject();
            for (Map.Entry<String, String> digest : digests.entrySet()) {
                out.writeStringProperty(digest.getKey(), digest.getValue());
            }
            out.writeEndObject();
        }
    }

    /** The members a key hashes, written in their (sorted) order. */
    private record KeyParts(String argumentsSha1, SortedMap<String, String> files, String code, String fixture,
                            java.util.SortedMap<String, String> inputs, String method, List<String> parameterTypes,
                            String returnType, String version) {

        /** The members that name the call whatever its code and version: fixture, method, parameter types, arguments. */
        String callText() {
            return fixture + "#" + method + "(" + String.join(",", parameterTypes) + ")" + argumentsSha1;
        }

        /** The key text: these members as one JSON object. */
        String text() {
            StringWriter key = new StringWriter();
            try (JsonGenerator out = JsonText.generator(key)) {
                out.writeStartObject();
                write(out);
                out.writeEndObject();
            }
            return key.toString();
        }

        void write(JsonGenerator out) {
            out.writeStringProperty("arguments_sha1", argumentsSha1);
            if (code != null) {
                out.writeStringProperty("code", code);
            }
            writeDigests(out, "files", files);
            out.writeStringProperty("fixture", fixture);
            writeDigests(out, "inputs", inputs);
            out.writeStringProperty("method", method);
            out.writeName("parameter_types");
            out.writeStartArray();
            for (String type : parameterTypes) {
                out.writeString(type);
            }
            out.writeEndArray();
            out.writeStringProperty("return_type", returnType);
            out.writeStringProperty("version", version);
        }
    }

    /**
     * Reads a call back from its canonical JSON, resolving classes through {@code classLoader}.
     *
     * @throws SerializerException if the fixture, method or an argument cannot be resolved
     */
    public Task deserializeTask(String json, ClassLoader classLoader) {
        try {
            Map<?, ?> node = (Map<?, ?>) JsonText.parse(new java.io.ByteArrayInputStream(
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Class<?> fixture = Class.forName((String) node.get("fixture"), false, classLoader);
            if (!fixture.isInterface()) {
                throw new IllegalArgumentException(fixture.getName() + " is no fixture interface");
            }
            List<String> parameterTypes = new ArrayList<>();
            ((List<?>) node.get("parameter_types")).forEach(type -> parameterTypes.add((String) type));
            Method method = findMethod(fixture, (String) node.get("method"), parameterTypes);
            List<?> arguments = (List<?>) node.get("arguments");
            Type[] types = method.getGenericParameterTypes();
            Object[] values = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                values[i] = new CanonicalReader(classLoader, types[i]).read(arguments.get(i), types[i]);
            }
            return new Task(fixture, method, values, (String) node.get("version"));
        } catch (ClassNotFoundException | NoSuchMethodException | JacksonException | IllegalArgumentException
                 | ClassCastException | NullPointerException | ArithmeticException | LinkageError e) {
            throw new SerializerException("Cannot read back the fixture call " + abbreviate(json, 200) + ": " + e, e);
        }
    }

    /**
     * A short, readable form of a call's arguments for logs and listings: {@code "iris", 10, 2.0},
     * each argument abbreviated to {@code maxArgumentLength} characters.
     */
    public String describeArguments(Task task, int maxArgumentLength) {
        return task.describeArguments(maxArgumentLength);
    }

    private static void writeArgument(JsonGenerator out, Task task, Parameter parameter, int index,
                                      Map<String, String> files) {
        try {
            CanonicalJson.write(out, task.arguments().get(index), parameter.getParameterizedType(), files);
        } catch (UnsupportedValueException e) {
            String where = e.path().equals("$") ? "" : " at " + e.path().replaceFirst("^\\$", parameter.getName());
            throw new SerializerException("Cannot build a cache key for " + task.fixtureName() + ": parameter "
                    + index + " '" + parameter.getName() + "' of type " + parameter.getParameterizedType().getTypeName()
                    + " holds a " + e.type().getName() + where + ", and " + e.getMessage()
                    + ". Pass a plain value (a string, number, enum, record or collection of them) instead.", e);
        }
    }

    private static Method findMethod(Class<?> fixture, String name, List<String> parameterTypes)
            throws NoSuchMethodException {
        for (Method method : fixture.getMethods()) {
            if (!method.getName().equals(name) || method.getParameterCount() != parameterTypes.size()) {
                continue;
            }
            Type[] types = method.getGenericParameterTypes();
            boolean matches = true;
            for (int i = 0; i < types.length && matches; i++) {
                matches = types[i].getTypeName().equals(parameterTypes.get(i));
            }
            if (matches) {
                return method;
            }
        }
        throw new NoSuchMethodException(fixture.getName() + "#" + name + parameterTypes);
    }

    static String abbreviate(String text, int maxLength) {
        return text.length() <= maxLength ? text : text.substring(0, Math.max(0, maxLength - 1)) + "…";
    }
}
