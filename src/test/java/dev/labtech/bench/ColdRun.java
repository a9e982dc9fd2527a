package dev.labtech.bench;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;
import dev.labtech.CallReport;
import dev.labtech.Lab;
import dev.labtech.Mode;
import dev.labtech.storage.LayeredStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.S3Location;
import dev.labtech.storage.S3Storage;
import dev.labtech.storage.Storage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import tools.jackson.dataformat.smile.SmileMapper;

/**
 * One measurement in a new JVM: {@code <candidate> <shape> <save|load> <directory>}. Prints
 * {@code ms=<time>}: for a load, from before the first use of the library to the value in hand;
 * for a save, the time spent saving (for labtech, the call's time minus the computation's).
 */
public final class ColdRun {

    public static void main(String[] arguments) throws Exception {
        String candidate = arguments[0];
        String shape = arguments[1];
        boolean save = arguments[2].equals("save");
        Path directory = Path.of(arguments[3]);
        Files.createDirectories(directory);
        int size = shape.equals("records") ? Shapes.RECORDS : Shapes.DOUBLES;
        if (arguments.length > 4) {
            size = Integer.parseInt(arguments[4]);
        }
        Object value = save ? (shape.equals("records") ? Shapes.records(size) : Shapes.doubles(size)) : null;
        Path file = directory.resolve(candidate + "-" + shape + ".bin");
        if (candidate.equals("labtech-session")) {
            inTestRun();
        }
        long start = System.nanoTime();
        Object result = switch (candidate) {
            case "labtech-binary", "labtech-session", "labtech-team", "labtech-json", "labtech-java" ->
                    labtech(candidate, shape, size, save, directory);
            case "kryo" -> kryo(value, file, save);
            case "fory" -> fory(value, file, save);
            case "smile" -> smile(value, file, save, shape);
            case "java-serialization" -> java(value, file, save);
            case "floor" -> floor(value, file, save);
            default -> throw new IllegalArgumentException(candidate);
        };
        long nanos = result instanceof Long measured ? measured : System.nanoTime() - start;
        System.out.printf("ms=%.1f check=%s%n", nanos / 1e6, check(result));
    }

    private static String check(Object result) {
        if (result instanceof double[] values) {
            return values.length + ":" + values[values.length - 1];
        }
        if (result instanceof java.util.List<?> list) {
            return list.size() + ":" + list.get(list.size() - 1);
        }
        return String.valueOf(result);
    }

    /**
     * Where a test's first fixture call finds the JVM: JUnit's launcher has looked up its engines
     * and listeners (which opens every jar on the class path) and opened its session, which starts
     * labtech's warm-up, and discovered the tests meanwhile (here: waits for the warm-up to end).
     */
    private static void inTestRun() throws InterruptedException {
        java.util.ServiceLoader.load(org.junit.platform.engine.TestEngine.class).stream().count();
        Lab.warmUp();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("labtech-warm-up")) {
                thread.join(5_000);
            }
        }
    }

    /** The time of the save alone, or the loaded value. */
    private static Object labtech(String candidate, String shape, int size, boolean save, Path directory) {
        AtomicReference<CallReport> report = new AtomicReference<>();
        Storage storage = new LocalStorage(directory.resolve(candidate));
        if (candidate.equals("labtech-team")) {
            // A team cache configured, which every call here finds locally (nothing listens there).
            storage = new LayeredStorage(storage, S3Storage.connect(S3Location.parse("s3://team-cache/bench"),
                    Optional.of(URI.create("http://127.0.0.1:9")), Optional.of("us-east-1"), Duration.ofSeconds(1)), false);
        }
        Lab lab = Lab.builder().storage(storage).mode(save ? Mode.REFRESH : Mode.READ_WRITE).build();
        long start = System.nanoTime();
        Object value = switch (candidate) {
            case "labtech-binary", "labtech-session", "labtech-team" -> {
                Shapes.BinaryFixtures fixtures = lab.fixtures(Shapes.BinaryFixtures.class, report::set);
                yield shape.equals("records") ? fixtures.records(size) : fixtures.doubles(size);
            }
            case "labtech-json" -> {
                Shapes.JsonFixtures fixtures = lab.fixtures(Shapes.JsonFixtures.class, report::set);
                yield shape.equals("records") ? fixtures.records(size) : fixtures.doubles(size);
            }
            default -> {
                Shapes.JavaFixtures fixtures = lab.fixtures(Shapes.JavaFixtures.class, report::set);
                yield shape.equals("records") ? fixtures.records(size) : fixtures.doubles(size);
            }
        };
        if (save) {
            // A computed call reports its computation only; what the call took beyond it is the save.
            return System.nanoTime() - start - report.get().computeDuration().toNanos();
        }
        if (report.get().outcome() != CallReport.Outcome.LOADED) {
            throw new IllegalStateException("expected a load, got " + report.get());
        }
        return value;
    }

    private static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.register(ArrayList.class);
        kryo.register(Shapes.Rec.class);
        kryo.register(double[].class);
        return kryo;
    }

    private static Object kryo(Object value, Path file, boolean save) throws Exception {
        Kryo kryo = newKryo();
        if (save) {
            try (UnsafeOutput out = new UnsafeOutput(Files.newOutputStream(file), 1 << 16)) {
                kryo.writeClassAndObject(out, value);
            }
            return null;
        }
        try (UnsafeInput in = new UnsafeInput(Files.newInputStream(file), 1 << 16)) {
            return kryo.readClassAndObject(in);
        }
    }

    private static Object fory(Object value, Path file, boolean save) throws Exception {
        Fory fory = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(true).build();
        fory.register(Shapes.Rec.class);
        if (save) {
            Files.write(file, fory.serialize(value));
            return null;
        }
        return fory.deserialize(Files.readAllBytes(file));
    }

    private static Object smile(Object value, Path file, boolean save, String shape) throws Exception {
        SmileMapper mapper = SmileMapper.builder().build();
        if (save) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                mapper.writeValue(out, value);
            }
            return null;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return shape.equals("records")
                    ? mapper.readValue(in, mapper.getTypeFactory().constructCollectionType(ArrayList.class, Shapes.Rec.class))
                    : mapper.readValue(in, double[].class);
        }
    }

    private static Object java(Object value, Path file, boolean save) throws Exception {
        if (save) {
            try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                out.writeObject(value);
            }
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return in.readObject();
        }
    }

    /** The floor: the file's bytes into a direct buffer (loads), or written from one (saves). */
    private static Object floor(Object value, Path file, boolean save) throws Exception {
        if (save) {
            double[] doubles = value instanceof double[] array ? array : new double[Shapes.DOUBLES];
            ByteBuffer buffer = ByteBuffer.allocateDirect(doubles.length * 8).order(ByteOrder.nativeOrder());
            buffer.asDoubleBuffer().put(doubles);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            return null;
        }
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) channel.size()).order(ByteOrder.nativeOrder());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reading
            }
            buffer.flip();
            double[] doubles = new double[buffer.remaining() / 8];
            buffer.asDoubleBuffer().get(doubles);
            return doubles;
        }
    }
}
