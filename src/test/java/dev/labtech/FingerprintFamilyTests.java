package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code fingerprint covers what a result can depend on, by construction: each test compiles a
 * small project, computes a fixture, edits the code the way a developer would, compiles again into
 * a fresh class loader and calls the fixture again over the same cache directory. The value that
 * run returns must be what the current code computes (checked with {@link Mode#OFF}), and an edit
 * that cannot change the result must leave the entry loaded.
 *
 * <p>Each project has an {@code app.Calls} class whose static methods make the calls
 * ({@code Calls.value(Fixtures f)}), so a call can pass arguments made from the project's classes.
 */
class FingerprintFamilyTests {

    @TempDir
    Path directory;

    private final Map<String, String> sources = new HashMap<>();
    private int generation;

    record Run(Object value, boolean computed) {
    }

    private void edit(String type, UnaryOperator<String> change) {
        String before = sources.get(type);
        String after = change.apply(before);
        assertThat(after).as("the edit applies to " + type).isNotEqualTo(before);
        sources.put(type, after);
    }

    /** Compiles the project as it is and runs {@code Calls.<call>(fixtures)} in a fresh lab. */
    private Run run(String call) throws Exception {
        return run(call, Mode.READ_WRITE, List.of());
    }

    private Run run(String call, Mode mode, List<Path> jars) throws Exception {
        Path classes = Compiled.compile(directory.resolve("build-" + generation++), sources, jars);
        List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL()));
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader())) {
            Class<?> fixtures = loader.loadClass("app.Fixtures");
            Lab lab = Lab.builder().storage(new LocalStorage(directory.resolve("cache"))).mode(mode)
                    .output(Output.SUMMARY).build();
            boolean[] computed = {false};
            Object proxy = lab.fixtures(fixtures, report -> computed[0] |= report.outcome() == CallReport.Outcome.COMPUTED);
            Object value = loader.loadClass("app.Calls").getMethod(call, fixtures).invoke(null, proxy);
            return new Run(value, computed[0]);
        }
    }

    /**
     * The whole check: the first run computes, the same code loads, {@code edit} changes what the
     * current code computes, and the run after it computes that value instead of loading the old one.
     */
    private void assertRecomputedAfter(String call, Runnable edit) throws Exception {
        assertRecomputedAfter(call, edit, List.of(), List.of());
    }

    private void assertRecomputedAfter(String call, Runnable edit, List<Path> jarsBefore, List<Path> jarsAfter)
            throws Exception {
        Run first = run(call, Mode.READ_WRITE, jarsBefore);
        assertThat(first.computed()).as("first run computes").isTrue();
        assertThat(run(call, Mode.READ_WRITE, jarsBefore)).as("unchanged code loads").isEqualTo(new Run(first.value(), false));

        edit.run();

        Object current = run(call, Mode.OFF, jarsAfter).value();
        assertThat(current).as("the edit changes what the code computes").isNotEqualTo(first.value());
        assertThat(run(call, Mode.READ_WRITE, jarsAfter)).as("after the edit").isEqualTo(new Run(current, true));
        assertThat(run(call, Mode.READ_WRITE, jarsAfter)).as("then loaded again").isEqualTo(new Run(current, false));
    }

    private void calls(String... methods) {
        StringBuilder source = new StringBuilder("package app;\nimport java.util.*;\npublic class Calls {\n");
        for (String method : methods) {
            source.append("    public static Object ").append(method).append('\n');
        }
        sources.put("app.Calls", source.append("}\n").toString());
    }

    @Test
    void aRecordNamedOnlyInAGenericSignatureAndBuiltByJacksonIsCovered() throws Exception {
        sources.put("app.Event", """
                package app;
                public record Event(int n) {
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                import java.util.List;
                import tools.jackson.core.type.TypeReference;
                import tools.jackson.databind.ObjectMapper;
                public interface Fixtures {
                    @LabtechCached
                    default String events() {
                        List<Event> events = new ObjectMapper().readValue("[{\\"n\\":1},{\\"n\\":2}]",
                                new TypeReference<List<Event>>() {});
                        return events.toString();
                    }
                }
                """);
        calls("events(Fixtures f) { return f.events(); }");

        assertRecomputedAfter("events", () -> edit("app.Event", source -> source.replace("public record Event(int n) {", """
                public record Event(int n) {
                    @com.fasterxml.jackson.annotation.JsonCreator
                    static Event of(@com.fasterxml.jackson.annotation.JsonProperty("n") int n) {
                        return new Event(n * 10);
                    }""")));
    }

    @Test
    void aStaticFieldOfTheFixtureInterfaceIsCovered() throws Exception {
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                import java.util.List;
                public interface Fixtures {
                    List<Integer> WEIGHTS = List.of(1, 2, 3);
                    @LabtechCached
                    default int total() {
                        int total = 0;
                        for (int weight : WEIGHTS) {
                            total += weight;
                        }
                        return total;
                    }
                }
                """);
        calls("total(Fixtures f) { return f.total(); }");

        assertRecomputedAfter("total", () -> edit("app.Fixtures", source -> source.replace("List.of(1, 2, 3)", "List.of(1, 2, 4)")));
    }

    @Test
    void aLambdaHeldInAStaticFieldIsCoveredThroughASubInterface() throws Exception {
        sources.put("app.Base", """
                package app;
                import java.util.function.IntUnaryOperator;
                public interface Base {
                    IntUnaryOperator SCALE = x -> x * 2;
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures extends Base {
                    @LabtechCached
                    default int scaled() {
                        return SCALE.applyAsInt(10);
                    }
                }
                """);
        calls("scaled(Fixtures f) { return f.scaled(); }");

        assertRecomputedAfter("scaled", () -> edit("app.Base", source -> source.replace("x * 2", "x * 3")));
    }

    @Test
    void theRuntimeClassOfAnArgumentIsCoveredAlsoInsideACollection() throws Exception {
        sources.put("app.Strategy", """
                package app;
                public interface Strategy {
                    int apply(int x);
                }
                """);
        sources.put("app.Doubler", """
                package app;
                public class Doubler implements Strategy {
                    public int apply(int x) {
                        return x * 2;
                    }
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                import java.util.List;
                public interface Fixtures {
                    @LabtechCached
                    default int run(Strategy strategy) {
                        return strategy.apply(10);
                    }
                    @LabtechCached
                    default int runAll(List<Object> strategies) {
                        int total = 0;
                        for (Object strategy : strategies) {
                            total += ((Strategy) strategy).apply(10);
                        }
                        return total;
                    }
                }
                """);
        calls("run(Fixtures f) { return f.run(new Doubler()); }",
                "runAll(Fixtures f) { return f.runAll(List.of(new Doubler())); }");

        assertRecomputedAfter("run", () -> edit("app.Doubler", source -> source.replace("x * 2", "x * 3")));
        assertRecomputedAfter("runAll", () -> edit("app.Doubler", source -> source.replace("x * 3", "x * 4")));
    }

    @Test
    void anEnumConstantsOwnBodyPassedAsAnArgumentIsCovered() throws Exception {
        sources.put("app.Op", """
                package app;
                public enum Op {
                    TWICE {
                        int apply(int x) {
                            return x * 2;
                        }
                    };
                    abstract int apply(int x);
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures {
                    @LabtechCached
                    default int apply(Object op) {
                        return ((Op) op).apply(10);
                    }
                }
                """);
        calls("apply(Fixtures f) { return f.apply(Op.TWICE); }");

        assertRecomputedAfter("apply", () -> edit("app.Op", source -> source.replace("x * 2", "x * 5")));
    }

    @Test
    void annotationValuesReadByReflectionAreCovered() throws Exception {
        sources.put("app.Setting", """
                package app;
                import java.lang.annotation.*;
                @Retention(RetentionPolicy.RUNTIME)
                public @interface Setting {
                    int value() default 1;
                }
                """);
        sources.put("app.Config", """
                package app;
                public class Config {
                    @Setting(2)
                    int speed;
                    @Setting
                    int size;
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures {
                    @LabtechCached
                    default int speed() throws Exception {
                        return Config.class.getDeclaredField("speed").getAnnotation(Setting.class).value();
                    }
                    @LabtechCached
                    default int size() throws Exception {
                        return Config.class.getDeclaredField("size").getAnnotation(Setting.class).value();
                    }
                    @Setting(5)
                    @LabtechCached
                    default int own() throws Exception {
                        return Fixtures.class.getMethod("own").getAnnotation(Setting.class).value();
                    }
                }
                """);
        calls("speed(Fixtures f) throws Exception { return f.speed(); }",
                "size(Fixtures f) throws Exception { return f.size(); }",
                "own(Fixtures f) throws Exception { return f.own(); }");

        assertRecomputedAfter("speed", () -> edit("app.Config", source -> source.replace("@Setting(2)", "@Setting(3)")));
        assertRecomputedAfter("size", () -> edit("app.Setting", source -> source.replace("default 1", "default 7")));
        assertRecomputedAfter("own", () -> edit("app.Fixtures", source -> source.replace("@Setting(5)", "@Setting(6)")));
    }

    @Test
    void aSuperCallToAnOverriddenDefaultIsCovered() throws Exception {
        sources.put("app.Base", """
                package app;
                public interface Base {
                    default int helper() {
                        return 1;
                    }
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures extends Base {
                    @Override
                    default int helper() {
                        return Base.super.helper() + 10;
                    }
                    @LabtechCached
                    default int value() {
                        return helper();
                    }
                }
                """);
        calls("value(Fixtures f) { return f.value(); }");

        assertRecomputedAfter("value", () -> edit("app.Base", source -> source.replace("return 1;", "return 2;")));
    }

    @Test
    void aHelperHandedTheFixturesCallsBackIntoThemAndThatIsCovered() throws Exception {
        sources.put("app.Helper", """
                package app;
                public class Helper {
                    static int compute(Fixtures fixtures) {
                        return fixtures.data() * 2;
                    }
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures {
                    default int data() {
                        return 1;
                    }
                    @LabtechCached
                    default int model() {
                        return Helper.compute(this);
                    }
                }
                """);
        calls("model(Fixtures f) { return f.model(); }");

        assertRecomputedAfter("model", () -> edit("app.Fixtures", source -> source.replace("return 1;", "return 2;")));
    }

    @Test
    void aLambdaBodyIsCoveredByItsContent() throws Exception {
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                import java.util.stream.IntStream;
                public interface Fixtures {
                    @LabtechCached
                    default int p1() {
                        return IntStream.range(0, 3).map(i -> i * 2).sum();
                    }
                }
                """);
        calls("p1(Fixtures f) { return f.p1(); }");

        assertRecomputedAfter("p1", () -> edit("app.Fixtures", source -> source.replace("i * 2", "i * 3")));
    }

    @Test
    void addingAFixtureWithLambdasAboveOthersKeepsEveryOtherFixtureLoaded() throws Exception {
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                import java.util.function.IntSupplier;
                import java.util.stream.IntStream;
                public interface Fixtures {
                    // new fixtures go here
                    @LabtechCached
                    default int p1() {
                        return IntStream.range(0, 3).map(i -> i * 2).sum();
                    }
                    @LabtechCached
                    default int p2() {
                        IntSupplier nested = () -> IntStream.of(1, 2).map(i -> i + p3()).sum();
                        return nested.getAsInt();
                    }
                    default int p3() {
                        return 7;
                    }
                }
                """);
        calls("p1(Fixtures f) { return f.p1(); }", "p2(Fixtures f) { return f.p2(); }");
        assertThat(run("p1")).isEqualTo(new Run(6, true));
        assertThat(run("p2")).isEqualTo(new Run(17, true));

        edit("app.Fixtures", source -> source.replace("// new fixtures go here", """
                @LabtechCached
                default int p0() {
                    IntSupplier first = () -> 1;
                    return IntStream.of(1).map(i -> i + first.getAsInt()).sum();
                }"""));

        assertThat(run("p1")).as("p1 is unchanged").isEqualTo(new Run(6, false));
        assertThat(run("p2")).as("p2 is unchanged").isEqualTo(new Run(17, false));

        edit("app.Fixtures", source -> source.replace("return 7;", "return 8;"));
        assertThat(run("p2")).as("a method a nested lambda calls").isEqualTo(new Run(19, true));
        assertThat(run("p1")).as("p1 still unchanged").isEqualTo(new Run(6, false));
    }

    @Test
    void aConstantInlinedFromAnotherClassIsCovered() throws Exception {
        sources.put("app.Limits", """
                package app;
                public class Limits {
                    public static final int MAX = 5;
                }
                """);
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures {
                    @LabtechCached
                    default int limit() {
                        return Limits.MAX;
                    }
                }
                """);
        calls("limit(Fixtures f) { return f.limit(); }");

        assertRecomputedAfter("limit", () -> edit("app.Limits", source -> source.replace("MAX = 5", "MAX = 6")));
    }

    // Libraries

    /**
     * A jar of {@code com.example:<artifact>:<version>} holding the named compiled classes, with the
     * {@code pom.properties} and {@code pom.xml} Maven writes (the POM declaring {@code dependencies}).
     */
    private Path jar(String artifact, String version, List<String> classNames, String... dependencies)
            throws IOException {
        Path build = directory.resolve("build-" + generation++);
        Path classes = Compiled.compile(build, sources);
        Path jar = build.resolve(artifact + "-" + version + ".jar");
        StringBuilder pom = new StringBuilder("<project><modelVersion>4.0.0</modelVersion>"
                + "<parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version></parent>"
                + "<groupId>com.example</groupId><artifactId>" + artifact + "</artifactId><version>" + version
                + "</version><dependencies>");
        for (String dependency : dependencies) {
            pom.append("<dependency><groupId>${project.groupId}</groupId><artifactId>").append(dependency)
                    .append("</artifactId><version>[1,)</version><exclusions><exclusion><groupId>x</groupId>"
                            + "<artifactId>y</artifactId></exclusion></exclusions></dependency>");
        }
        pom.append("<dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-api</artifactId>"
                + "<scope>test</scope></dependency></dependencies></project>");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String meta = "META-INF/maven/com.example/" + artifact + "/";
            put(out, meta + "pom.properties", ("groupId=com.example\nartifactId=" + artifact + "\nversion=" + version + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            put(out, meta + "pom.xml", pom.toString().getBytes(StandardCharsets.UTF_8));
            for (String name : classNames) {
                put(out, name.replace('.', '/') + ".class", Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class")));
            }
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        ((OutputStream) out).write(bytes);
        out.closeEntry();
    }

    @Test
    void aFixtureInterfaceFromAReleasedJarIsIdentifiedByItsVersion() throws Exception {
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures {
                    @LabtechCached
                    default int value() {
                        return 1;
                    }
                }
                """);
        Path v10 = jar("fixtures", "1.0", List.of("app.Fixtures"));
        edit("app.Fixtures", source -> source.replace("return 1;", "return 2;"));
        Path v11 = jar("fixtures", "1.1", List.of("app.Fixtures"));
        sources.remove("app.Fixtures");
        calls("value(Fixtures f) { return f.value(); }");

        assertRecomputedAfter("value", () -> { }, List.of(v10), List.of(v11));
    }

    @Test
    void aLibraryReachedOnlyThroughAnotherLibraryIsIdentifiedByItsVersion() throws Exception {
        sources.put("lib.B", """
                package lib;
                public class B {
                    public static int value() {
                        return 1;
                    }
                }
                """);
        sources.put("lib.A", """
                package lib;
                public class A {
                    public static int value() {
                        return B.value() * 100;
                    }
                }
                """);
        Path liba = jar("liba", "1.0", List.of("lib.A"), "libb");
        Path libb10 = jar("libb", "1.0", List.of("lib.B"));
        edit("lib.B", source -> source.replace("return 1;", "return 2;"));
        Path libb20 = jar("libb", "2.0", List.of("lib.B"));
        sources.remove("lib.A");
        sources.remove("lib.B");
        sources.put("app.Fixtures", """
                package app;
                import dev.labtech.junit.LabtechCached;
                public interface Fixtures {
                    @LabtechCached
                    default int value() {
                        return lib.A.value();
                    }
                }
                """);
        calls("value(Fixtures f) { return f.value(); }");

        assertRecomputedAfter("value", () -> { }, List.of(liba, libb10), List.of(liba, libb20));
    }
}
