package dev.labtech.internal;

import java.io.File;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of values in canonical JSON: what a value is, what a declared type already says it is,
 * and the canonical text of floating-point numbers.
 *
 * <p>A kind is the name of a value's runtime class, except where several classes are one value
 * type to a test: every {@link List} is {@code list}, every {@link Set} {@code set}, every
 * {@link Map} {@code map}, every {@link Path} {@code path}, and so on. A declared type <em>pins</em> a
 * value's kind when every value it admits has that kind: {@code int}, {@code String}, a record, an
 * enum, {@code List<...>}; {@code Object}, {@code Number}, {@code Collection} or a type variable
 * pin nothing.
 */
public final class Kinds {

    public static final String LIST = "list";
    public static final String SET = "set";
    public static final String MAP = "map";
    public static final String OPTIONAL = "optional";
    public static final String PATH = "path";
    public static final String FILE = "file";
    public static final String CLASS = "class";
    public static final String ZONE = "java.time.ZoneId";
    public static final String CHARSET = "java.nio.charset.Charset";

    private static final MathContext[] DOUBLE_PRECISIONS = precisions(17);
    private static final MathContext[] FLOAT_PRECISIONS = precisions(9);

    private Kinds() {
    }

    /** The kind of a non-null value. */
    public static String of(Object value) {
        if ((value instanceof java.util.Collection<?> || value instanceof Map<?, ?>) && hasOwnState(value.getClass())) {
            return value.getClass().getName();
        }
        if (value instanceof List<?>) {
            return LIST;
        }
        if (value instanceof Set<?>) {
            return SET;
        }
        if (value instanceof Map<?, ?>) {
            return MAP;
        }
        if (value instanceof Optional<?>) {
            return OPTIONAL;
        }
        if (value instanceof Path) {
            return PATH;
        }
        if (value instanceof File) {
            return FILE;
        }
        if (value instanceof Class<?>) {
            return CLASS;
        }
        if (value instanceof ZoneId) {
            return ZONE;
        }
        if (value instanceof Charset) {
            return CHARSET;
        }
        if (value instanceof Enum<?> constant) {
            return constant.getDeclaringClass().getName();
        }
        Class<?> type = value.getClass();
        return type.isArray() ? type.getTypeName() : type.getName();
    }

    /**
     * Whether {@code type} is one of the JDK's immutable collections ({@code List.of(…)},
     * {@code Collections.emptyList()}, {@code singleton(…)}): two copies of one behave as it does.
     */
    public static boolean isImmutableJdkContainer(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.util.ImmutableCollections$") || name.startsWith("java.util.Collections$Empty")
                || name.startsWith("java.util.Collections$Singleton");
    }

    /**
     * Whether a class below the JDK's declares instance fields of its own (not static, not
     * transient, not synthetic): a {@code List} or {@code Map} subclass with such fields is a value
     * of its own kind, not just its elements.
     */
    public static boolean hasOwnState(Class<?> type) {
        for (java.lang.reflect.Field field : DeclaredTypes.ownInstanceFields(type)) {
            if (!Modifier.isTransient(field.getModifiers()) && !field.isSynthetic()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first JDK superclass of {@code type} that holds instance fields ({@code java.util.Date}
     * for a subclass of it), or {@code null}: such a class's state is the JDK's, which keys do not
     * read field by field.
     */
    public static Class<?> statefulJdkSuperclass(Class<?> type) {
        Class<?> current = DeclaredTypes.firstJdkSuperclass(type);
        for (Class<?> jdk = current; jdk != null && jdk != Object.class; jdk = jdk.getSuperclass()) {
            for (java.lang.reflect.Field field : jdk.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    return current;
                }
            }
        }
        return null;
    }

    /** The kind every value of {@code declared} has, or {@code null} if values of several kinds fit. */
    public static String pinnedBy(Type declared) {
        Class<?> raw = raw(declared);
        if (raw == null) {
            return null;
        }
        if (raw.isPrimitive()) {
            return boxed(raw).getName();
        }
        if (List.class.isAssignableFrom(raw)) {
            return LIST;
        }
        if (Set.class.isAssignableFrom(raw)) {
            return SET;
        }
        if (Map.class.isAssignableFrom(raw)) {
            return MAP;
        }
        if (Path.class.isAssignableFrom(raw)) {
            return PATH;
        }
        if (File.class.isAssignableFrom(raw)) {
            return FILE;
        }
        if (ZoneId.class.isAssignableFrom(raw)) {
            return ZONE;
        }
        if (Charset.class.isAssignableFrom(raw)) {
            return CHARSET;
        }
        if (raw == Optional.class) {
            return OPTIONAL;
        }
        if (raw == Class.class) {
            return CLASS;
        }
        if (raw.isEnum()) {
            return raw.getName();
        }
        if (raw.isArray()) {
            return raw.getTypeName();
        }
        return Modifier.isFinal(raw.getModifiers()) ? raw.getName() : null;
    }

    /**
     * The declared type of element {@code index} of a container declared as {@code declared}:
     * {@code Integer} for {@code List<Integer>} and index 0, {@code V} of {@code Map<K, V>} for index 1.
     * {@code null} (anything) when the declared type does not say.
     */
    public static Type typeArgument(Type declared, Class<?> family, int index) {
        if (declared instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && family.isAssignableFrom(raw)
                && raw.getTypeParameters().length == family.getTypeParameters().length) {
            // Only where the declared class has the family's own type parameters (List<E>, HashMap<K, V>),
            // so argument i really is the element type; anything subtler pins nothing.
            Type argument = parameterized.getActualTypeArguments()[index];
            return argument instanceof Class<?> || argument instanceof ParameterizedType
                    || argument instanceof GenericArrayType ? argument : null;
        }
        return null;
    }

    /** The class of {@code type}, or {@code null} for type variables and wildcards. */
    public static Class<?> raw(Type type) {
        if (type instanceof Class<?> clazz) {
            return clazz;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> clazz) {
            return clazz;
        }
        if (type instanceof GenericArrayType array) {
            Class<?> component = raw(array.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }

    public static Class<?> boxed(Class<?> primitive) {
        return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
    }

    /**
     * The shortest decimal that reads back as {@code value}, closest to it among those, as
     * {@link BigDecimal#toString()} writes it ({@code 0.1}, {@code 2E+23}, {@code -0.0}, {@code NaN}).
     * Unlike {@link Double#toString(double)}, which gives longer text on JDK 17 than on 19 and later
     * for some values, this is the same on every JDK.
     */
    public static String canonical(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0" : "-0.0";
        }
        int from = 1;
        if (Math.abs(value) >= Double.MIN_NORMAL) {
            // Any decimal of at most 15 digits survives a trip through a normal double, so when
            // the JDK's text is that short it is the only such decimal, whichever JDK wrote it.
            BigDecimal text = new BigDecimal(Double.toString(value)).stripTrailingZeros();
            if (text.precision() <= 15) {
                return text.toString();
            }
            from = 16;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = from; digits < DOUBLE_PRECISIONS.length; digits++) {
            BigDecimal rounded = exact.round(DOUBLE_PRECISIONS[digits]);
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros().toString();
            }
        }
        throw new AssertionError("17 digits always identify a double: " + value);
    }

    /** {@link #canonical(double)} for a {@code float}: the shortest decimal that reads back as it. */
    public static String canonical(float value) {
        if (!Float.isFinite(value)) {
            return Float.toString(value);
        }
        if (value == 0) {
            return Float.floatToRawIntBits(value) == 0 ? "0" : "-0.0";
        }
        int from = 1;
        if (Math.abs(value) >= Float.MIN_NORMAL) {
            BigDecimal text = new BigDecimal(Float.toString(value)).stripTrailingZeros();
            if (text.precision() <= 6) {
                return text.toString();
            }
            from = 7;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = from; digits < FLOAT_PRECISIONS.length; digits++) {
            BigDecimal rounded = exact.round(FLOAT_PRECISIONS[digits]);
            if (rounded.floatValue() == value) {
                return rounded.stripTrailingZeros().toString();
            }
        }
        throw new AssertionError("9 digits always identify a float: " + value);
    }

    private static MathContext[] precisions(int max) {
        MathContext[] contexts = new MathContext[max + 1];
        for (int digits = 1; digits <= max; digits++) {
            contexts[digits] = new MathContext(digits, RoundingMode.HALF_EVEN);
        }
        return contexts;
    }
}
