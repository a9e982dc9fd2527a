package dev.labtech.processes;

import dev.labtech.Lab;
import dev.labtech.cache.BinaryCache;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Mutates valid entries — {@code data.bin}, {@code data.ser}, {@code data.json}, {@code double[]}
 * in {@code data.bin}, and their {@code metadata.json} — and loads each mutant in a fresh lab: every
 * load must end within a bound, never with an exception, never running out of memory or stack, and
 * with the original value (loaded or computed again). Half the mutants of a result file get a
 * matching length and checksum in the metadata, so the mutation reaches the format's own parser
 * instead of the integrity check; those may also load as another valid value of the declared class
 * (a changed letter in a string), which is what a writer of a whole valid entry can always do. Prints one line per kind, and {@code FAILED}
 * with the mutation on the first violation (exit code 1); a load over the bound exits with 3.
 *
 * <p>Arguments: the directory, the seed, the mutants per file.
 */
public final class FuzzProgram {

    static final AtomicInteger COMPUTED = new AtomicInteger();

    public record Point(int x, String label) {
    }

    public interface Fixtures {
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Object> binary(int seed) {
            COMPUTED.incrementAndGet();
            return value(seed);
        }

        @LabtechCached(cache = BinaryCache.class)
        default double[] doubles(int size) {
            COMPUTED.incrementAndGet();
            double[] values = new double[size];
            Arrays.setAll(values, i -> i * 0.5);
            return values;
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default ArrayList<Object> serialized(int seed) {
            COMPUTED.incrementAndGet();
            ArrayList<Object> value = value(seed);
            value.remove(value.size() - 1); // the record: not Serializable
            return value;
        }

        @LabtechCached(cache = JsonCache.class)
        default Map<String, List<Integer>> json(int seed) {
            COMPUTED.incrementAndGet();
            Map<String, List<Integer>> value = new LinkedHashMap<>();
            value.put("a-" + seed, List.of(1, 2, 3));
            value.put("héllo ✓", List.of(-7));
            return value;
        }
    }

    static ArrayList<Object> value(int seed) {
        Map<String, List<Integer>> map = new HashMap<>();
        map.put("one", new ArrayList<>(List.of(1, seed)));
        map.put("two", new ArrayList<>(List.of(2)));
        List<Object> shared = new ArrayList<>(List.of("s"));
        ArrayList<Object> value = new ArrayList<>(List.of("ascii", "héllo ✓ wörld", 42L, 2.5, map,
                new HashSet<>(List.of("x", "y", "z")), new TreeMap<>(Map.of("b", 2, "a", 1)), shared, shared));
        value.add(new Point(seed, "p"));
        return value;
    }

    /** What the lab logged at warning level, kept to look for exhausted memory or stack. */
    static final List<String> WARNINGS = java.util.Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] arguments) throws Exception {
        Path directory = Path.of(arguments[0]);
        long seed = Long.parseLong(arguments[1]);
        int mutants = Integer.parseInt(arguments[2]);
        Logger logger = Logger.getLogger("dev.labtech");
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    WARNINGS.add(String.valueOf(record.getMessage()) + " " + Arrays.toString(record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        Random random = new Random(seed);
        int failures = 0;
        failures += fuzz(directory.resolve("binary"), "bin__", "data.bin", fixtures -> fixtures.binary(7), random, mutants);
        failures += fuzz(directory.resolve("doubles"), "bin__", "data.bin", fixtures -> fixtures.doubles(64), random, mutants);
        failures += fuzz(directory.resolve("serialized"), "java__", "data.ser", fixtures -> fixtures.serialized(7), random,
                mutants);
        failures += fuzz(directory.resolve("json"), "json__", "data.json", fixtures -> fixtures.json(7), random, mutants);
        System.out.println(failures == 0 ? "all mutants loaded as the original or computed again" : "FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int fuzz(Path directory, String prefix, String resultFile, Function<Fixtures, Object> call,
                            Random random, int mutants) throws Exception {
        Object expected = call.apply(new Lab(new LocalStorage(directory)).fixtures(Fixtures.class));
        Path entry;
        try (Stream<Path> entries = Files.list(directory)) {
            entry = entries.filter(path -> path.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
        byte[] result = Files.readAllBytes(entry.resolve(resultFile));
        byte[] metadata = Files.readAllBytes(entry.resolve("metadata.json"));
        int loaded = 0;
        int computed = 0;
        int otherValues = 0;
        for (int i = 0; i < mutants; i++) {
            restore(entry, resultFile, result, metadata);
            String mutation;
            boolean digest = false;
            if (random.nextInt(3) == 0) {
                byte[] mutant = mutate(metadata, random, true);
                Files.write(entry.resolve("metadata.json"), mutant);
                mutation = "metadata.json " + describe(mutant);
            } else {
                byte[] mutant = mutate(result, random, false);
                Files.write(entry.resolve(resultFile), mutant);
                digest = random.nextBoolean();
                if (digest) {
                    Files.write(entry.resolve("metadata.json"), withDigest(metadata, resultFile, mutant));
                }
                mutation = resultFile + (digest ? " (with its digest) " : " ") + describe(mutant);
            }
            int before = COMPUTED.get();
            WARNINGS.clear();
            Object value;
            long start = System.nanoTime();
            Thread watchdog = watchdog(mutation);
            try {
                value = call.apply(new Lab(new LocalStorage(directory)).fixtures(Fixtures.class));
            } catch (Throwable e) {
                System.out.println("FAILED " + resultFile + " mutant " + i + " threw " + e + " after " + mutation);
                return 1;
            } finally {
                watchdog.interrupt();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean original = java.util.Objects.deepEquals(value, expected);
            if (!original && (!digest || value != null && value.getClass() != expected.getClass())) {
                // Only a file rewritten whole, checksum included, can hold another valid value.
                System.out.println("FAILED " + resultFile + " mutant " + i + " loaded " + value + " after " + mutation);
                return 1;
            }
            for (String warning : WARNINGS) {
                if (warning.contains("OutOfMemoryError") || warning.contains("StackOverflowError")) {
                    System.out.println("FAILED " + resultFile + " mutant " + i + " exhausted the JVM: " + warning
                            + " after " + mutation);
                    return 1;
                }
            }
            if (!original) {
                otherValues++;
            } else if (COMPUTED.get() == before) {
                loaded++;
            } else {
                computed++;
            }
            if (millis > 5_000) {
                System.out.println("FAILED " + resultFile + " mutant " + i + " took " + millis + " ms after " + mutation);
                return 1;
            }
        }
        System.out.println(resultFile + " of " + prefix + ": " + mutants + " mutants, " + loaded + " loaded as the original, "
                + computed + " computed again, " + otherValues + " rewritten with a checksum of their own into another "
                + "valid value of the declared class");
        return 0;
    }

    /** Exits the JVM if one load takes longer than the bound: a hang is a failure, not a wait. */
    private static Thread watchdog(String mutation) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(20_000);
                System.out.println("FAILED: a load did not end within 20 s after " + mutation);
                System.exit(3);
            } catch (InterruptedException e) {
                // the load ended
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static void restore(Path entry, String resultFile, byte[] result, byte[] metadata) throws IOException {
        Files.createDirectories(entry);
        try (Stream<Path> files = Files.list(entry)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.write(entry.resolve(resultFile), result);
        Files.write(entry.resolve("metadata.json"), metadata);
    }

    /** Truncate, flip, splice, or grow a number or length: one mutation, sometimes two. */
    static byte[] mutate(byte[] original, Random random, boolean text) {
        byte[] bytes = original.clone();
        int rounds = 1 + random.nextInt(2);
        for (int round = 0; round < rounds && bytes.length > 0; round++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(text ? 6 : 5)) {
                case 0 -> bytes = Arrays.copyOf(bytes, at);
                case 1 -> {
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    int from = random.nextInt(bytes.length);
                    int length = Math.min(bytes.length - from, 1 + random.nextInt(32));
                    byte[] spliced = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, spliced, 0, at);
                    System.arraycopy(bytes, from, spliced, at, length);
                    System.arraycopy(bytes, at, spliced, at + length, bytes.length - at);
                    bytes = spliced;
                }
                case 3 -> {
                    // a large varint or int where a length or count may be
                    byte[] large = random.nextBoolean() ? new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}
                            : new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
                    for (int k = 0; k < large.length && at + k < bytes.length; k++) {
                        bytes[at + k] = large[k];
                    }
                }
                case 4 -> bytes[at] = (byte) random.nextInt(256);
                default -> bytes = growNumber(bytes, random);
            }
        }
        return bytes;
    }

    /** Replaces a number in JSON text by one that is huge, tiny, negative or long. */
    private static byte[] growNumber(byte[] json, Random random) {
        String text = new String(json, StandardCharsets.UTF_8);
        java.util.regex.Matcher numbers = java.util.regex.Pattern.compile("(?<=[:\\[,])-?[0-9][0-9.eE+-]*").matcher(text);
        List<int[]> found = new ArrayList<>();
        while (numbers.find()) {
            found.add(new int[] {numbers.start(), numbers.end()});
        }
        if (found.isEmpty()) {
            return json;
        }
        int[] number = found.get(random.nextInt(found.size()));
        String[] replacements = {"1E+99999999", "1E-99999999", "-1", "99999999999999999999999999999999", "2147483648",
            "9".repeat(900), "0.0000000001", "1e308"};
        return (text.substring(0, number[0]) + replacements[random.nextInt(replacements.length)] + text.substring(number[1]))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The metadata with the recorded length and checksum of {@code fileName} made to match {@code content}. */
    private static byte[] withDigest(byte[] metadata, String fileName, byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        String text = new String(metadata, StandardCharsets.UTF_8);
        String file = java.util.regex.Pattern.quote("\"" + fileName + "\":{");
        text = text.replaceFirst(file + "\"bytes\":[0-9]+,\"crc32c\":\"[0-9a-f]{8}\"",
                java.util.regex.Matcher.quoteReplacement("\"" + fileName + "\":{\"bytes\":" + content.length
                        + ",\"crc32c\":\"" + String.format("%08x", crc.getValue()) + "\""));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(byte[] mutant) {
        return mutant.length + " bytes, starting " + new String(mutant, 0, Math.min(mutant.length, 60),
                StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    }
}
