package dev.labtech.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON with jackson-core only: streaming generators and a plain tree of maps, lists, strings,
 * numbers and booleans. Keys and metadata use this, not Jackson's data binding, because building
 * an {@code ObjectMapper} costs about 300 ms in a new JVM, which every test run would pay before
 * its first cache hit.
 */
public final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonText() {
    }

    public static JsonGenerator generator(Writer out) {
        return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
    }

    public static JsonGenerator generator(OutputStream out) {
        return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
    }

    /**
     * The JSON value in {@code in} as a tree: objects as {@code LinkedHashMap<String, Object>},
     * arrays as {@code List<Object>}, numbers as {@code Long} or {@code Double} (or
     * {@code BigInteger}/{@code BigDecimal} when they do not fit), and strings, booleans and null.
     *
     * @throws tools.jackson.core.JacksonException if it is not one well-formed JSON value
     */
    public static Object parse(InputStream in) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            Object value = value(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return value;
        }
    }

    /** A tree made by {@link #parse} written back as JSON text. */
    public static String write(Object tree) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator json = generator(text)) {
            write(json, tree);
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object tree) {
        if (tree instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeName(String.valueOf(entry.getKey()));
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (tree instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                write(json, element);
            }
            json.writeEndArray();
        } else if (tree instanceof String text) {
            json.writeString(text);
        } else if (tree instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (tree instanceof java.math.BigDecimal number) {
            json.writeNumber(number);
        } else if (tree instanceof java.math.BigInteger number) {
            json.writeNumber(number);
        } else if (tree instanceof Number number) {
            json.writeNumber(number.longValue());
        } else {
            json.writeNull();
        }
    }

    /** The largest power of ten a number read may carry: a double's range, with room for its digits. */
    static final int MAX_SCALE = 400;

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static Object value(JsonParser parser, JsonToken token) {
        if (token == null) {
            throw new IllegalArgumentException("no JSON value");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getString();
            case VALUE_NUMBER_INT:
                return parser.getNumberValue();
            case VALUE_NUMBER_FLOAT: {
                java.math.BigDecimal number = parser.getDecimalValue();
                // 1E+99999999 parses in an instant but turning it into a long or a double's digits
                // takes minutes: no number labtech writes has an exponent beyond a double's.
                if (Math.abs((long) number.scale()) > MAX_SCALE) {
                    throw new IllegalArgumentException("a number out of range: " + abbreviate(number.toString()));
                }
                return number;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected " + token);
        }
    }
}
