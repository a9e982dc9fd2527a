package dev.labtech.internal.binary;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ArrayList} of many records of one class made only of primitives and strings, written
 * column by column: the record class once, then each component of every record together — numbers
 * as one bulk array each, strings as their lengths and one block of characters — and read back in
 * one pass through the record's canonical constructor, as Kryo's own record serializer creates
 * records. Such records
 * keep no identity in BinaryCache (they are values), so the list reads back equal element by element
 * and of the same classes; Kryo's per-element path costs a class, a reference check and a
 * serializer lookup for each record.
 *
 * <p>In the stream it stands where the list would, as an object of this class; reading it returns
 * the list. The record class it names is checked like any other class in the file.
 */
final class RecordColumns {

    /** Smaller lists gain nothing worth a second path. */
    static final int MIN_SIZE = 256;

    /** How a column of strings is stored: string by string as Kryo writes them, or in one block of each width. */
    static final byte BY_STRING = 0, LATIN_1 = 1, UTF_16 = 2;

    /** The most characters a column's block holds; a longer column goes string by string. */
    static final int MAX_BLOCK_UNITS = Integer.MAX_VALUE / 2 - 8;

    final ArrayList<?> list;
    final Shape shape;

    private RecordColumns(ArrayList<?> list, Shape shape) {
        this.list = list;
        this.shape = shape;
    }

    /**
     * The columns of {@code object} when it is an {@code ArrayList} (that class exactly) of at least
     * {@value #MIN_SIZE} records, none null, all of one such class; otherwise null.
     */
    static RecordColumns of(Object object) {
        if (object == null || object.getClass() != ArrayList.class) {
            return null;
        }
        ArrayList<?> list = (ArrayList<?>) object;
        if (list.size() < MIN_SIZE || list.get(0) == null) {
            return null;
        }
        Class<?> type = list.get(0).getClass();
        Shape shape = SHAPES.get(type);
        if (shape == null) {
            return null;
        }
        for (Object element : list) {
            if (element == null || element.getClass() != type) {
                return null;
            }
        }
        return new RecordColumns(list, shape);
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** A record class of primitives and strings: its components' accessors and its canonical constructor. */
    static final class Shape {
        final Class<?> type;
        final Class<?>[] components;
        final MethodHandle[] accessors;
        final Constructor<?> constructor;

        private Shape(Class<?> type, Class<?>[] components, MethodHandle[] accessors, Constructor<?> constructor) {
            this.type = type;
            this.components = components;
            this.accessors = accessors;
            this.constructor = constructor;
        }

        /** The shape of {@code type}, or null if it is not such a record or cannot be created again here. */
        static Shape of(Class<?> type) {
            if (!type.isRecord() || ClassRules.serializerFor(type) != null) {
                return null; // not a record, or one with serialization hooks, which have their own way
            }
            RecordComponent[] recordComponents = type.getRecordComponents();
            if (recordComponents.length == 0) {
                return null;
            }
            Class<?>[] components = new Class<?>[recordComponents.length];
            MethodHandle[] accessors = new MethodHandle[recordComponents.length];
            try {
                for (int i = 0; i < recordComponents.length; i++) {
                    Class<?> component = recordComponents[i].getType();
                    if (!component.isPrimitive() && component != String.class) {
                        return null;
                    }
                    components[i] = component;
                    java.lang.reflect.Method accessor = recordComponents[i].getAccessor();
                    accessor.setAccessible(true);
                    accessors[i] = MethodHandles.lookup().unreflect(accessor)
                            .asType(MethodType.methodType(component, Object.class));
                }
                Constructor<?> constructor = type.getDeclaredConstructor(components);
                constructor.setAccessible(true);
                return new Shape(type, components, accessors, constructor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // a record in a module closed to reflection: Kryo's own path refuses or copes
            }
        }
    }

    /** Writes and reads {@link RecordColumns}. */
    static final class ColumnsSerializer extends Serializer<Object> {

        ColumnsSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            RecordColumns columns = (RecordColumns) object;
            Shape shape = columns.shape;
            List<?> list = columns.list;
            int size = list.size();
            kryo.writeClass(output, shape.type);
            output.writeVarInt(size, true);
            try {
                for (int c = 0; c < shape.components.length; c++) {
                    writeColumn(output, shape.components[c], shape.accessors[c], list, size);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new KryoException("a " + shape.type.getName() + " whose accessor failed: " + e, e);
            }
        }

        private static void writeColumn(Output output, Class<?> component, MethodHandle accessor, List<?> list, int size)
                throws Throwable {
            if (component == String.class) {
                String[] column = new String[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (String) accessor.invokeExact(list.get(i));
                }
                writeStrings(output, column);
            } else if (component == int.class) {
                int[] column = new int[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (int) accessor.invokeExact(list.get(i));
                }
                output.writeInts(column, 0, size);
            } else if (component == long.class) {
                long[] column = new long[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (long) accessor.invokeExact(list.get(i));
                }
                output.writeLongs(column, 0, size);
            } else if (component == double.class) {
                double[] column = new double[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (double) accessor.invokeExact(list.get(i));
                }
                output.writeDoubles(column, 0, size);
            } else if (component == float.class) {
                float[] column = new float[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (float) accessor.invokeExact(list.get(i));
                }
                output.writeFloats(column, 0, size);
            } else if (component == short.class) {
                short[] column = new short[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (short) accessor.invokeExact(list.get(i));
                }
                output.writeShorts(column, 0, size);
            } else if (component == char.class) {
                char[] column = new char[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (char) accessor.invokeExact(list.get(i));
                }
                output.writeChars(column, 0, size);
            } else if (component == byte.class) {
                byte[] column = new byte[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (byte) accessor.invokeExact(list.get(i));
                }
                output.writeBytes(column, 0, size);
            } else {
                boolean[] column = new boolean[size];
                for (int i = 0; i < size; i++) {
                    column[i] = (boolean) accessor.invokeExact(list.get(i));
                }
                output.writeBooleans(column, 0, size);
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            Registration registration = kryo.readClass(input);
            Shape shape = registration == null ? null : SHAPES.get(registration.getType());
            if (shape == null) {
                throw new KryoException("columns of a " + (registration == null ? "null" : registration.getType().getName())
                        + ", which is not a record of primitives and strings");
            }
            int size = input.readVarInt(true);
            GuardedKryo.checkCount(kryo, size, "a list");
            // The constructor with each argument taken from its column at one row: (int row) -> record.
            MethodHandle row;
            try {
                row = MethodHandles.lookup().unreflectConstructor(shape.constructor);
            } catch (IllegalAccessException e) {
                throw new KryoException("a " + shape.type.getName() + " that cannot be created: " + e, e);
            }
            for (int c = 0; c < shape.components.length; c++) {
                Object column = readColumn(kryo, input, shape.components[c], size);
                row = MethodHandles.filterArguments(row, c,
                        MethodHandles.arrayElementGetter(column.getClass()).bindTo(column));
            }
            row = MethodHandles.permuteArguments(row, MethodType.methodType(shape.type, int.class),
                    new int[shape.components.length]).asType(MethodType.methodType(Object.class, int.class));
            ArrayList<Object> list = new ArrayList<>(size);
            try {
                for (int i = 0; i < size; i++) {
                    list.add((Object) row.invokeExact(i));
                }
            } catch (RuntimeException | Error e) {
                throw new KryoException("a " + shape.type.getName() + " whose constructor refused what was stored: " + e, e);
            } catch (Throwable e) {
                throw new KryoException("a " + shape.type.getName() + " that cannot be created: " + e, e);
            }
            return list;
        }

        /**
         * A column of strings as two blocks after its totals (characters, nulls): each string's length
         * plus one (0 for null) in the fewest bytes that hold the longest, then every string's
         * characters together — one byte each when all are Latin-1, two otherwise (so a lone
         * surrogate stays what it was). Reading makes each string with one copy from the block, where
         * Kryo's per-string path decodes into a {@code char[]} and compresses it again. A column too
         * long for one array goes string by string.
         */
        static void writeStrings(Output output, String[] column) {
            long total = 0;
            int longest = 0;
            int nulls = 0;
            for (String text : column) {
                if (text == null) {
                    nulls++;
                } else {
                    total += text.length();
                    longest = Math.max(longest, text.length());
                }
            }
            if (total > MAX_BLOCK_UNITS) {
                output.writeByte(BY_STRING);
                for (String text : column) {
                    output.writeString(text);
                }
                return;
            }
            // Latin-1 until a string says otherwise, each copied straight into the block: a copy per
            // string would be garbage the size of the column, collected while the result is still young.
            byte[] latin1 = new byte[(int) total];
            int at = 0;
            for (String text : column) {
                if (text == null) {
                    continue;
                }
                if (!isLatin1(text)) {
                    latin1 = null;
                    break;
                }
                copyLatin1(text, latin1, at);
                at += text.length();
            }
            int width = longest < 0xFF ? 1 : longest < 0xFFFF ? 2 : 4;
            output.writeByte(latin1 != null ? LATIN_1 : UTF_16);
            output.writeByte(width);
            output.writeVarInt((int) total, true);
            output.writeVarInt(nulls, true);
            int size = column.length;
            if (width == 1) {
                byte[] lengths = new byte[size];
                for (int i = 0; i < size; i++) {
                    lengths[i] = (byte) storedLength(column[i]);
                }
                output.writeBytes(lengths, 0, size);
            } else if (width == 2) {
                short[] lengths = new short[size];
                for (int i = 0; i < size; i++) {
                    lengths[i] = (short) storedLength(column[i]);
                }
                output.writeShorts(lengths, 0, size);
            } else {
                int[] lengths = new int[size];
                for (int i = 0; i < size; i++) {
                    lengths[i] = storedLength(column[i]);
                }
                output.writeInts(lengths, 0, size);
            }
            if (latin1 != null) {
                output.writeBytes(latin1, 0, latin1.length);
                return;
            }
            char[] block = new char[(int) total];
            at = 0;
            for (String text : column) {
                if (text != null) {
                    text.getChars(0, text.length(), block, at);
                    at += text.length();
                }
            }
            output.writeChars(block, 0, at);
        }

        /** The characters of a Latin-1 {@code text}, one byte each: what that method of String does, exactly, for them. */
        @SuppressWarnings("deprecation")
        private static void copyLatin1(String text, byte[] block, int at) {
            text.getBytes(0, text.length(), block, at);
        }

        private static boolean isLatin1(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0xFF) {
                    return false;
                }
            }
            return true;
        }

        private static int storedLength(String text) {
            return text == null ? 0 : text.length() + 1;
        }

        /** The column {@link #writeStrings} wrote, every length checked against the block before a string is made. */
        static String[] readStrings(Kryo kryo, Input input, int size) {
            int coder = input.readByte();
            String[] column = new String[size];
            if (coder == BY_STRING) {
                for (int i = 0; i < size; i++) {
                    column[i] = input.readString();
                }
                return column;
            }
            if (coder != LATIN_1 && coder != UTF_16) {
                throw new KryoException("a column of strings in an unknown encoding: " + coder);
            }
            int width = input.readByte();
            int total = input.readVarInt(true);
            int nulls = input.readVarInt(true);
            GuardedKryo.checkCount(kryo, (long) total * coder, "a column of strings");
            int[] lengths;
            if (width == 1) {
                byte[] stored = input.readBytes(size);
                lengths = new int[size];
                for (int i = 0; i < size; i++) {
                    lengths[i] = stored[i] & 0xFF;
                }
            } else if (width == 2) {
                short[] stored = input.readShorts(size);
                lengths = new int[size];
                for (int i = 0; i < size; i++) {
                    lengths[i] = stored[i] & 0xFFFF;
                }
            } else if (width == 4) {
                lengths = input.readInts(size);
            } else {
                throw new KryoException("a column of strings with lengths of " + width + " bytes");
            }
            long sum = 0;
            int zeros = 0;
            for (int length : lengths) {
                if (length == 0) {
                    zeros++;
                } else {
                    sum += (length & 0xFFFFFFFFL) - 1;
                }
            }
            if (sum != total || zeros != nulls) {
                throw new KryoException("a column of strings whose lengths add up to " + sum + " characters and "
                        + zeros + " nulls, not its " + total + " and " + nulls);
            }
            int at = 0;
            if (coder == LATIN_1) {
                byte[] block = input.readBytes(total);
                for (int i = 0; i < size; i++) {
                    int length = lengths[i] - 1;
                    if (length >= 0) {
                        column[i] = new String(block, at, length, StandardCharsets.ISO_8859_1);
                        at += length;
                    }
                }
            } else {
                char[] block = input.readChars(total);
                for (int i = 0; i < size; i++) {
                    int length = lengths[i] - 1;
                    if (length >= 0) {
                        column[i] = new String(block, at, length);
                        at += length;
                    }
                }
            }
            return column;
        }

        /** A column, read in bulk. */
        private static Object readColumn(Kryo kryo, Input input, Class<?> component, int size) {
            if (component == String.class) {
                return readStrings(kryo, input, size);
            }
            if (component == int.class) {
                return input.readInts(size);
            }
            if (component == long.class) {
                return input.readLongs(size);
            }
            if (component == double.class) {
                return input.readDoubles(size);
            }
            if (component == float.class) {
                return input.readFloats(size);
            }
            if (component == short.class) {
                return input.readShorts(size);
            }
            if (component == char.class) {
                return input.readChars(size);
            }
            if (component == byte.class) {
                return input.readBytes(size);
            }
            return input.readBooleans(size);
        }
    }
}
