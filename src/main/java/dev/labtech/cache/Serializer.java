package dev.labtech.cache;

import dev.labtech.CallIdentity;
import dev.labtech.SerializerException;
import dev.labtech.Task;
import dev.labtech.internal.CanonicalJson;
import dev.labtech.internal.CanonicalJson.UnsupportedValueException;
import dev.labtech.internal.CanonicalReader;
import dev.labtech.internal.Json;
import dev.labtech.internal.JsonText;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Turns a fixture call into canonical JSON and back, as labtech's {@code Serializer} does for tasks.
 *
 * <p>The JSON names the fixture (interface, method, parameter types, return type), the version and
 * the argument values, with object members sorted by name:
 *
 * <pre>{@code
 * {"arguments":["iris",10,{"@java.lang.Long":5}],"fixture":"com.example.ModelFixtures","method":"model",
 *  "parameter_types":["java.lang.String","int","java.lang.Object"],"return_type":"com.example.Model","version":"2"}
 * }</pre>
 *
 * <p>Arguments are written by value and typed: where the parameter's declared type does not pin
 * an argument's kind ({@code Object}, {@code Number}, {@code Collection}, a type variable), the
 * kind is written with it, so {@code 5} and {@code 5L} differ. Sets are written with sorted
 * elements and maps as sorted pairs, whatever their implementation; records as their components
 * and other objects as their non-transient fields; numbers in a text that is the same on every
 * JDK. So equal arguments give equal JSON on every JVM and machine, and the SHA-1 of this text is
 * the hash part of the cache key. Arguments without a stable value (lambdas, threads, cyclic
 * object graphs) are refused with a {@link SerializerException} naming the fixture, the parameter
 * and the type.
 *
 * @since 0.1.0
 */
public class Serializer {

    /** The canonical JSON of a call; its SHA-1 is the hash part of the call's cache key. */
    public String serializeTask(Task task) {
        Method method = task.method();
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JsonText.generator(text)) {
            out.writeStartObject();
            out.writeName("arguments");
            out.writeStartArray();
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                writeArgument(out, task, parameters[i], i);
            }
            out.writeEndArray();
            CallIdentity identity = task.identity();
            if (identity.code().isPresent()) {
                out.writeStringProperty("code", identity.code().get());
            }
            out.writeStringProperty("fixture", task.fixtureType().getName());
            if (!identity.inputs().isEmpty()) {
                out.writeName("inputs");
                out.writeStartObject();
                for (java.util.Map.Entry<String, String> input : identity.inputs().entrySet()) {
                    out.writeStringProperty(input.getKey(), input.getValue());
                }
                out.writeEndObject();
            }
            out.writeStringProperty("method", method.getName());
            out.writeName("parameter_types");
            out.writeStartArray();
            for (Type type : method.getGenericParameterTypes()) {
                out.writeString(type.getTypeName());
            }
            out.writeEndArray();
            out.writeStringProperty("return_type", method.getGenericReturnType().getTypeName());
            out.writeStringProperty("version", task.version());
            out.writeEndObject();
        }
        return text.toString();
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
            List<String> parameterTypes = new ArrayList<>();
            ((List<?>) node.get("parameter_types")).forEach(type -> parameterTypes.add((String) type));
            Method method = findMethod(fixture, (String) node.get("method"), parameterTypes);
            List<?> arguments = (List<?>) node.get("arguments");
            Type[] types = method.getGenericParameterTypes();
            Object[] values = new Object[types.length];
            CanonicalReader reader = new CanonicalReader(classLoader);
            for (int i = 0; i < types.length; i++) {
                values[i] = reader.read(arguments.get(i), types[i]);
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

    private static void writeArgument(JsonGenerator out, Task task, Parameter parameter, int index) {
        try {
            CanonicalJson.write(out, task.arguments().get(index), parameter.getParameterizedType(),
                    CanonicalJson.Form.KEY);
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
