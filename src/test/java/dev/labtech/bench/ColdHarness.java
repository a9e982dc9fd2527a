package dev.labtech.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ColdRun} in new JVMs, candidates alternated, and prints the medians as a Markdown
 * table: {@code java -cp <test class path> dev.labtech.bench.ColdHarness [runs] [candidates...]}, from
 * the project's directory. The {@code pickle} candidate is Python's {@code pickle.load} of a
 * {@code HIGHEST_PROTOCOL} file, what labtech's {@code PickleCache} does, run by {@code /usr/bin/python3}
 * (Debian's, with {@code python3-numpy}; {@code -Dlabtech.bench.python} names another).
 */
public final class ColdHarness {

    /** The candidates {@link ColdRun} measures in a JVM. */
    static final List<String> JVM_CANDIDATES = List.of("labtech-binary", "labtech-session", "labtech-team", "labtech-json",
            "labtech-java", "kryo", "fory", "smile", "java-serialization", "floor");

    static final List<String> CANDIDATES = java.util.stream.Stream.concat(JVM_CANDIDATES.stream(), java.util.stream.Stream.of("pickle"))
            .toList();

    /** Debian's Python, which the {@code pickle} candidate runs: {@code src/test/python/cold_pickle.py}. */
    static final String PYTHON = System.getProperty("labtech.bench.python", "/usr/bin/python3");

    public static void main(String[] arguments) throws Exception {
        int runs = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 5;
        List<String> candidates = arguments.length > 1 ? List.of(arguments).subList(1, arguments.length) : CANDIDATES;
        Path directory = Files.createTempDirectory("labtech-cold");
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (String shape : List.of("records", "doubles")) {
            for (String op : List.of("save", "load")) {
                for (int run = 0; run < runs; run++) {
                    for (String candidate : candidates) {
                        if (candidate.equals("floor") && shape.equals("records")) {
                            continue;
                        }
                        double ms = measure(candidate, shape, op, directory);
                        times.computeIfAbsent(candidate + "|" + shape + "|" + op, key -> new ArrayList<>()).add(ms);
                        System.err.printf("%s %s %s run %d: %.1f ms%n", candidate, shape, op, run, ms);
                    }
                }
            }
        }
        System.out.println("| candidate | 1M records load | 1M records save | 100 MB double[] load | 100 MB double[] save |");
        System.out.println("|---|---|---|---|---|");
        for (String candidate : candidates) {
            System.out.println("| " + candidate + " | " + median(times, candidate + "|records|load") + " | "
                    + median(times, candidate + "|records|save") + " | " + median(times, candidate + "|doubles|load")
                    + " | " + median(times, candidate + "|doubles|save") + " |");
        }
    }

    private static String median(Map<String, List<Double>> times, String key) {
        List<Double> values = times.get(key);
        if (values == null || values.isEmpty()) {
            return "–";
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return String.format("%.0f ms (%.0f–%.0f)", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static double measure(String candidate, String shape, String op, Path directory) throws Exception {
        List<String> command = candidate.equals("pickle")
                ? List.of(PYTHON, Path.of("src", "test", "python", "cold_pickle.py").toString(), shape, op, directory.toString())
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g", "-cp",
                        System.getProperty("java.class.path"), ColdRun.class.getName(), candidate, shape, op, directory.toString());
        File output = Files.createTempFile(directory, "run", ".txt").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(candidate + " " + shape + " " + op + " failed: " + Files.readString(output.toPath()));
        }
        String text = Files.readString(output.toPath());
        int at = text.lastIndexOf("ms=");
        return Double.parseDouble(text.substring(at + 3, text.indexOf(' ', at)));
    }
}
