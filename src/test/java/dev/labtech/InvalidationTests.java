package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

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
    void project() {
        sources = new HashMap<>(Map.of("app.Fixtures", FIXTURES, "app.Trainer", TRAINER, "app.Helper", HELPER,
                "app.Unrelated", UNRELATED));
    }

    /** Compiles the project as it is now and calls {@code Fixtures#model(10)} in a fresh lab. */
    private Run run(Invalidation invalidation) throws Exception {
        Path classes = Compiled.compile(directory.resolve("build-" + generation++), sources);
        try (URLClassLoader loader = Compiled.loader(classes)) {
            Class<?> fixtures = loader.loadClass("app.Fixtures");
            Lab lab = Lab.builder().storage(new LocalStorage(directory.resolve("cache")))
                    .invalidation(invalidation).output(Output.SUMMARY).build();
            Object proxy = lab.fixtures(fixtures);
            Method model = fixtures.getMethod("model", int.class);
            int value = (int) model.invoke(proxy, 10);
            return new Run(value, lab.statistics().computed() == 1);
        }
    }

    record Run(int value, boolean computed) {
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
}
