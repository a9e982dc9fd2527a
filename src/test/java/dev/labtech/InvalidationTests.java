package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With labtech.invalidation=code, a stored result is reused only while the code that made it is
 * unchanged: each test compiles a small project, runs its fixture, edits a source, compiles again
 * into a fresh class loader (as a new test run would see it) and runs the fixture again.
 */
class InvalidationTests {

    static final String FIXTURES = """
            package app;
            import dev.labtech.junit.LabtechCached;
            public interface Fixtures {
                @LabtechCached
                default int model(int x) {
                    return Trainer.train(x);
                }
                @LabtechCached
                default int other(int x) {
                    return x;
                }
                @LabtechCached(version = "1")
                default int data(int x) {
                    return x;
                }
                @LabtechCached
                default int trained(int x) {
                    return data(x) * 10;
                }
                @LabtechCached(inputs = {"INPUT", "classpath:/corpus/words.txt"})
                default int words(int x) throws java.io.IOException {
                    return java.nio.file.Files.readString(java.nio.file.Path.of("INPUT")).length() + x;
                }
            }
            """;
    static final String TRAINER = """
            package app;
            public class Trainer {
                public static int train(int x) {
                    return Helper.scale(x) + 1;
                }
            }
            """;
    static final String HELPER = """
            package app;
            public class Helper {
                public static int scale(int x) {
                    return x * 2;
                }
            }
            """;
    static final String UNRELATED = """
            package app;
            public class Unrelated {
                public static int nothing() {
                    return 1;
                }
            }
            """;

    @TempDir
    Path directory;

    private Map<String, String> sources;
    private int generation;

    @BeforeEach
    void project() throws Exception {
        input = Files.writeString(directory.resolve("input.txt"), "abc");
        sources = new HashMap<>(Map.of("app.Fixtures", FIXTURES, "app.Trainer", TRAINER, "app.Helper", HELPER,
                "app.Unrelated", UNRELATED));
    }

    private Path input;
    private String resource = "the corpus";

    /** Compiles the project as it is now and calls {@code Fixtures#model(10)} in a fresh lab. */
    private Run run(Invalidation invalidation) throws Exception {
        return run(invalidation, "model", Output.SUMMARY);
    }

    /** Compiles the project as it is now and calls {@code fixture(10)} in a fresh lab. */
    private Run run(Invalidation invalidation, String fixture, Output output) throws Exception {
        Map<String, String> compiled = new HashMap<>();
        sources.forEach((type, source) -> compiled.put(type, source.replace("INPUT", input.toString())));
        Path classes = Compiled.compile(directory.resolve("build-" + generation++), compiled);
        Files.createDirectories(classes.resolve("corpus"));
        Files.writeString(classes.resolve("corpus/words.txt"), resource);
        try (URLClassLoader loader = Compiled.loader(classes)) {
            Class<?> fixtures = loader.loadClass("app.Fixtures");
            Lab lab = Lab.builder().storage(new LocalStorage(directory.resolve("cache")))
                    .invalidation(invalidation).output(output).build();
            java.util.Set<String> computed = new java.util.HashSet<>();
            Object proxy = lab.fixtures(fixtures, report -> {
                if (report.outcome() == CallReport.Outcome.COMPUTED) {
                    computed.add(report.task().method().getName());
                }
            });
            Method method = fixtures.getMethod(fixture, int.class);
            int value = (int) method.invoke(proxy, 10);
            return new Run(value, computed.contains(fixture));
        }
    }

    /**
     * Compiles the project, packs {@code app.Trainer} and {@code app.Helper} into a jar of a module
     * {@code com.example:core:<version>} (with its {@code pom.properties}, as Maven writes it) and
     * calls {@code Fixtures#model(10)} in a fresh lab with the jar on the class path.
     */
    private Run runWithCoreJar(String version) throws Exception {
        Path build = directory.resolve("build-" + generation++);
        Path classes = Compiled.compile(build, sources);
        Path jar = build.resolve("core-" + version + ".jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/maven/com.example/core/pom.properties"));
            out.write(("groupId=com.example\nartifactId=core\nversion=" + version + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String type : new String[] {"Trainer", "Helper"}) {
                out.putNextEntry(new java.util.jar.JarEntry("app/" + type + ".class"));
                out.write(Files.readAllBytes(classes.resolve("app/" + type + ".class")));
                Files.delete(classes.resolve("app/" + type + ".class"));
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
                InvalidationTests.class.getClassLoader())) {
            Class<?> fixtures = loader.loadClass("app.Fixtures");
            Lab lab = Lab.builder().storage(new LocalStorage(directory.resolve("cache"))).build();
            boolean[] computed = {false};
            Object proxy = lab.fixtures(fixtures, report -> computed[0] |= report.outcome() == CallReport.Outcome.COMPUTED);
            assertThat(loader.loadClass("app.Helper").getProtectionDomain().getCodeSource().getLocation().getPath())
                    .endsWith(".jar");
            return new Run((int) fixtures.getMethod("model", int.class).invoke(proxy, 10), computed[0]);
        }
    }

    @Test
    void changingASnapshotModulesClassRecomputesThoughItsVersionStaysTheSame() throws Exception {
        assertThat(runWithCoreJar("1.0-SNAPSHOT")).isEqualTo(new Run(21, true));
        assertThat(runWithCoreJar("1.0-SNAPSHOT")).as("the jar built again, unchanged").isEqualTo(new Run(21, false));

        edit("app.Helper", source -> source.replace("x * 2", "x * 3"));

        assertThat(runWithCoreJar("1.0-SNAPSHOT")).isEqualTo(new Run(31, true));
        edit("app.Helper", source -> source.replace("x * 3", "x * 4"));
        assertThat(runWithCoreJar("1.0-20261125.101500-3")).as("a deployed snapshot").isEqualTo(new Run(41, true));
    }

    @Test
    void aReleasedLibraryIsIdentifiedByItsCoordinates() throws Exception {
        assertThat(runWithCoreJar("1.0")).isEqualTo(new Run(21, true));

        edit("app.Helper", source -> source.replace("x * 2", "x * 3"));

        assertThat(runWithCoreJar("1.0")).as("same release, same key").isEqualTo(new Run(21, false));
        assertThat(runWithCoreJar("1.1")).as("a new release").isEqualTo(new Run(31, true));
    }

    record Run(int value, boolean computed) {
    }

    private void deleteCache() throws java.io.IOException {
        if (Files.exists(directory.resolve("cache"))) {
            org.apache.commons.io.file.PathUtils.deleteDirectory(directory.resolve("cache"));
        }
    }

    private void edit(String type, UnaryOperator<String> change) {
        sources.put(type, change.apply(sources.get(type)));
    }

    @Test
    void changingTheFixtureBodyRecomputes() throws Exception {
        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(21, true));
        assertThat(run(Invalidation.CODE)).as("unchanged: loaded").isEqualTo(new Run(21, false));

        edit("app.Fixtures", source -> source.replace("return Trainer.train(x);", "return Trainer.train(x) + 100;"));

        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(121, true));
    }

    @Test
    void changingACalledProjectClassRecomputes() throws Exception {
        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(21, true));

        edit("app.Trainer", source -> source.replace("+ 1;", "+ 2;"));

        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(22, true));
    }

    @Test
    void changingAClassTwoLevelsDownRecomputes() throws Exception {
        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(21, true));

        edit("app.Helper", source -> source.replace("x * 2", "x * 3"));

        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(31, true));
    }

    @Test
    void changingAnUnrelatedClassOrAnotherFixtureOrOnlyLineNumbersChangesNothing() throws Exception {
        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(21, true));

        edit("app.Unrelated", source -> source.replace("return 1;", "return 2;"));
        edit("app.Fixtures", source -> source.replace("return x;", "return x + 1;"));
        edit("app.Helper", source -> "// moved down by a comment\n\n" + source);

        assertThat(run(Invalidation.CODE)).isEqualTo(new Run(21, false));
    }

    @Test
    void versionInvalidationKeepsUsingWhatTheOldCodeComputed() throws Exception {
        assertThat(run(Invalidation.VERSION)).isEqualTo(new Run(21, true));

        edit("app.Helper", source -> source.replace("x * 2", "x * 3"));

        assertThat(run(Invalidation.VERSION)).as("labtech's behaviour: only version counts").isEqualTo(new Run(21, false));
    }

    @Test
    void theFingerprintNamesTheClassesItCovers() throws Exception {
        run(Invalidation.CODE);
        Path entry;
        try (var entries = Files.list(directory.resolve("cache"))) {
            entry = entries.filter(path -> path.getFileName().toString().startsWith("bin__Fixtures-model__"))
                    .findFirst().orElseThrow();
        }
        String metadata = Files.readString(entry.resolve("metadata.json"));

        assertThat(metadata).contains("\"app.Trainer\":", "\"app.Helper\":").doesNotContain("app.Unrelated");
    }

    @Test
    void aNestedFixturesVersionBumpRecomputesItsCallerInEitherMode() throws Exception {
        for (Invalidation invalidation : Invalidation.values()) {
            sources.put("app.Fixtures", FIXTURES);
            deleteCache();
            assertThat(run(invalidation, "trained", Output.SUMMARY)).isEqualTo(new Run(100, true));
            assertThat(run(invalidation, "trained", Output.SUMMARY)).isEqualTo(new Run(100, false));

            edit("app.Fixtures", source -> source.replace("version = \"1\"", "version = \"2\""));

            try (StandardOutput out = new StandardOutput()) {
                assertThat(run(invalidation, "trained", Output.CALLS)).as(invalidation.name()).isEqualTo(new Run(100, true));
                assertThat(out.labtechLines()).contains("[labtech] Fixtures#trained(10) is computed again: the nested "
                        + "fixture Fixtures#data(10) changed (version \"1\" → \"2\")");
            }
        }
    }

    @Test
    void aMissSaysWhatChanged() throws Exception {
        run(Invalidation.CODE);
        edit("app.Helper", source -> source.replace("x * 2", "x * 3"));

        try (StandardOutput out = new StandardOutput()) {
            assertThat(run(Invalidation.CODE, "model", Output.CALLS)).isEqualTo(new Run(31, true));
            assertThat(out.labtechLines()).first().isEqualTo("[labtech] Fixtures#model(10) is computed again: "
                    + "code of app.Helper changed");
        }
    }

    @Test
    void changingAnInputFileOrResourceRecomputesTouchingItDoesNot() throws Exception {
        assertThat(run(Invalidation.CODE, "words", Output.SUMMARY)).isEqualTo(new Run(13, true));

        Files.setLastModifiedTime(input, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(run(Invalidation.CODE, "words", Output.SUMMARY)).as("touched only").isEqualTo(new Run(13, false));

        Files.writeString(input, "abcd");
        try (StandardOutput out = new StandardOutput()) {
            assertThat(run(Invalidation.CODE, "words", Output.CALLS)).isEqualTo(new Run(14, true));
            assertThat(out.labtechLines()).first().isEqualTo("[labtech] Fixtures#words(10) is computed again: input "
                    + input + " changed");
        }

        resource = "another corpus";
        assertThat(run(Invalidation.VERSION, "words", Output.SUMMARY)).as("a changed resource").isEqualTo(new Run(14, true));
    }

    static final java.util.concurrent.atomic.AtomicInteger READS = new java.util.concurrent.atomic.AtomicInteger();

    interface FileFixtures {
        @LabtechCached
        default long size(Path file) throws java.io.IOException {
            READS.incrementAndGet();
            try (var files = Files.walk(file)) {
                return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
            }
        }
    }

    private long size(Path file) throws Exception {
        return new Lab(new LocalStorage(directory.resolve("cache"))).fixtures(FileFixtures.class).size(file);
    }

    @Test
    void aPathArgumentIsKeyedByItsContentFileOrDirectory() throws Exception {
        READS.set(0);
        Path file = Files.writeString(directory.resolve("data.txt"), "abc");
        Path folder = Files.createDirectories(directory.resolve("folder"));
        Files.writeString(folder.resolve("a.txt"), "12");

        assertThat(size(file)).isEqualTo(3);
        assertThat(size(folder)).isEqualTo(2);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(size(file)).as("touched only: loaded").isEqualTo(3);
        assertThat(READS).hasValue(2);

        Files.writeString(file, "abcd");
        Files.writeString(folder.resolve("b.txt"), "345");
        assertThat(size(file)).isEqualTo(4);
        assertThat(size(folder)).isEqualTo(5);
        assertThat(READS).hasValue(4);
    }
}
