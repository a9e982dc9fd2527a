package dev.labtech.bench;

import dev.labtech.Compiled;
import dev.labtech.internal.fingerprint.CodeFingerprints;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What labtech.invalidation=code costs a new JVM: the first fingerprint of a fixture whose code
 * reaches a chain of {@code n} generated project classes, and of the example project's classifier.
 * {@code java -cp <test class path> dev.labtech.bench.FingerprintCost [classes] [example classes dirs...]}
 */
public final class FingerprintCost {

    public static void main(String[] arguments) throws Exception {
        int classes = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 2_000;
        Path directory = Files.createTempDirectory("labtech-fingerprint");
        Map<String, String> sources = new HashMap<>();
        for (int i = 0; i < classes; i++) {
            String next = i + 1 < classes ? "C" + (i + 1) + ".work(x) + " : "";
            sources.put("graph.C" + i, "package graph; public class C" + i + " { public static int work(int x) { return "
                    + next + "x * " + (i % 7 + 1) + " + new java.util.ArrayList<String>().size(); } }");
        }
        sources.put("graph.Fixtures", """
                package graph;
                public interface Fixtures {
                    @dev.labtech.junit.LabtechCached
                    default int model(int x) { return C0.work(x); }
                }
                """);
        Path compiled = Compiled.compile(directory, sources);
        try (URLClassLoader loader = Compiled.loader(compiled)) {
            Class<?> fixtures = loader.loadClass("graph.Fixtures");
            Method model = fixtures.getMethod("model", int.class);
            long start = System.nanoTime();
            CodeFingerprints.Fingerprint fingerprint = CodeFingerprints.of(fixtures, model);
            long first = System.nanoTime() - start;
            start = System.nanoTime();
            CodeFingerprints.of(fixtures, model);
            long again = System.nanoTime() - start;
            System.out.printf("graph of %d classes: %d classes reached, first fingerprint %.1f ms, again %.2f ms%n",
                    classes, fingerprint.classes().size(), first / 1e6, again / 1e6);
        }
        Path library = Files.createTempDirectory("labtech-fingerprint-library");
        Path jackson = Compiled.compile(library, Map.of("json.Event", "package json; public record Event(int n) { }",
                "json.Fixtures", """
                package json;
                import java.util.List;
                import tools.jackson.core.type.TypeReference;
                import tools.jackson.databind.ObjectMapper;
                public interface Fixtures {
                    @dev.labtech.junit.LabtechCached
                    default String events() {
                        return new ObjectMapper().readValue("[{\\"n\\":1}]", new TypeReference<List<Event>>() {}).toString();
                    }
                }
                """));
        try (URLClassLoader loader = Compiled.loader(jackson)) {
            Class<?> fixtures = loader.loadClass("json.Fixtures");
            long start = System.nanoTime();
            CodeFingerprints.Fingerprint fingerprint = CodeFingerprints.of(fixtures, fixtures.getMethod("events"));
            System.out.printf("a fixture reading JSON with Jackson: classes %s, libraries %s, first fingerprint %.1f ms%n",
                    fingerprint.classes().keySet(), fingerprint.libraries(), (System.nanoTime() - start) / 1e6);
        }
        if (arguments.length > 1) {
            URL[] urls = new URL[arguments.length - 1];
            for (int i = 1; i < arguments.length; i++) {
                urls[i - 1] = Path.of(arguments[i]).toUri().toURL();
            }
            try (URLClassLoader loader = new URLClassLoader(urls, FingerprintCost.class.getClassLoader())) {
                Class<?> fixtures = loader.loadClass("com.example.spam.SpamFixtures");
                Method classifier = fixtures.getMethod("classifier", int.class, double.class);
                long start = System.nanoTime();
                CodeFingerprints.Fingerprint fingerprint = CodeFingerprints.of(fixtures, classifier);
                System.out.printf("example project, SpamFixtures#classifier: %d classes reached %s, first fingerprint %.1f ms%n",
                        fingerprint.classes().size(), fingerprint.classes().keySet(), (System.nanoTime() - start) / 1e6);
            }
        }
    }
}
