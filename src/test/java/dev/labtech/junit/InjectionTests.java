package dev.labtech.junit;

import static dev.labtech.junit.EngineRuns.failures;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Where fixtures can be injected, and which declarations are refused. */
class InjectionTests {

    static final AtomicInteger GREETINGS = new AtomicInteger();

    @TempDir
    Path directory;

    @BeforeEach
    void resetCounter() {
        GREETINGS.set(0);
    }

    /** Package-private on purpose: proxies must work for non-public interfaces. */
    interface GreetingFixtures {

        @LabtechCached
        default String greeting(String name) {
            GREETINGS.incrementAndGet();
            return prefix() + ", " + name;
        }

        /** Not cached: runs on every call. */
        default String prefix() {
            return "Hello";
        }
    }

    /** Inherits its cached method, declares none itself. */
    interface MoreGreetingFixtures extends GreetingFixtures {
    }

    @LabtechCached
    static class EverywhereTestCase {

        @LabtechCached
        static GreetingFixtures staticFixtures;

        @LabtechCached
        GreetingFixtures instanceFixtures;

        private final GreetingFixtures constructorFixtures;
        private static String fromBeforeAll;

        EverywhereTestCase(GreetingFixtures constructorFixtures) {
            this.constructorFixtures = constructorFixtures;
        }

        @BeforeAll
        static void beforeAll(MoreGreetingFixtures fixtures) {
            assertNotNull(staticFixtures, "static fields are injected before @BeforeAll methods run");
            fromBeforeAll = fixtures.greeting("lifecycle");
        }

        @Test
        void everyInjectionPointWorks(GreetingFixtures parameter) {
            assertEquals("Hello, lifecycle", fromBeforeAll);
            assertEquals("Hello, static", staticFixtures.greeting("static"));
            assertEquals("Hello, instance", instanceFixtures.greeting("instance"));
            assertEquals("Hello, constructor", constructorFixtures.greeting("constructor"));
            assertEquals("Hello, parameter", parameter.greeting("parameter"));
            assertSame(parameter.greeting("static"), staticFixtures.greeting("static"),
                    "within one run every caller of a key gets the same instance");
            assertEquals("Hello", parameter.prefix());
            assertThat(parameter.toString()).contains("GreetingFixtures");
        }
    }

    @Test
    void injectsParametersConstructorsLifecycleMethodsAndFields() {
        EngineExecutionResults results = runCaching(EverywhereTestCase.class, directory);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(GREETINGS).hasValue(5);
    }

    /** No class-level annotation: the field alone registers the extension. */
    static class FieldOnlyTestCase {

        @LabtechCached
        GreetingFixtures fixtures;

        @Test
        void fieldIsInjected() {
            assertEquals("Hello, field", fixtures.greeting("field"));
        }
    }

    @Test
    void anInstanceFieldAloneRegistersTheExtensionAndIsInjected() {
        runCaching(FieldOnlyTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    /** No class-level annotation: an annotated parameter alone registers the extension. */
    static class ParameterOnlyTestCase {

        @Test
        void parameterIsInjected(@LabtechCached GreetingFixtures fixtures) {
            assertEquals("Hello, parameter", fixtures.greeting("parameter"));
        }
    }

    /** Neither the class nor the parameter annotated: nothing registers the extension. */
    static class UnannotatedTestCase {

        @Test
        void parameterIsNotResolved(GreetingFixtures fixtures) {
        }
    }

    @Test
    void anAnnotatedParameterAloneRegistersTheExtensionAndAnUnannotatedOneDoesNot() {
        runCaching(ParameterOnlyTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));
        EngineExecutionResults unannotated = runCaching(UnannotatedTestCase.class, directory);
        unannotated.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(unannotated)).singleElement().asString().contains("No ParameterResolver registered for parameter");
    }

    @LabtechCached
    static class OuterTestCase {

        @LabtechCached
        GreetingFixtures outerFixtures;

        @org.junit.jupiter.api.Nested
        class InnerTestCase {

            @LabtechCached
            GreetingFixtures innerFixtures;

            @Test
            void bothLevelsAreInjectedAndShareResults(GreetingFixtures parameter) {
                assertSame(outerFixtures.greeting("nested"), innerFixtures.greeting("nested"));
                assertSame(parameter.greeting("nested"), innerFixtures.greeting("nested"));
            }
        }
    }

    @Test
    void nestedTestClassesAreInjectedAtEveryLevel() {
        runCaching(OuterTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(GREETINGS).hasValue(1);
    }

    interface AbstractFixtures {
        @LabtechCached
        String model(String name);
    }

    @LabtechCached
    static class AbstractTestCase {
        @Test
        void test(AbstractFixtures fixtures) {
        }
    }

    @Test
    void anAbstractCachedMethodIsAConfigurationError() {
        EngineExecutionResults results = runCaching(AbstractTestCase.class, directory);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .endsWith("]: @LabtechCached method AbstractFixtures#model must be a default method, but it is abstract");
    }

    interface Lines {
        @LabtechCached
        default java.util.stream.Stream<String> lines() {
            return java.util.stream.Stream.of("a", "b");
        }
    }

    interface Numbers {
        @LabtechCached
        default java.util.stream.IntStream numbers() {
            return java.util.stream.IntStream.range(0, 3);
        }
    }

    interface Iterating {
        @LabtechCached
        default java.util.Iterator<String> iterator() {
            return java.util.List.of("a").iterator();
        }
    }

    interface Splitting {
        @LabtechCached
        default java.util.Spliterator<String> spliterator() {
            return java.util.List.of("a").spliterator();
        }
    }

    interface Bytes {
        @LabtechCached
        default java.io.ByteArrayInputStream bytes() {
            return new java.io.ByteArrayInputStream(new byte[] {1});
        }
    }

    interface Reading {
        @LabtechCached
        default java.io.Reader reader() {
            return new java.io.StringReader("text");
        }
    }

    @LabtechCached
    static class StreamTestCase {
        @Test
        void first(Lines fixtures) {
        }
    }

    @Test
    void aCachedMethodReturningASingleUseTypeIsAConfigurationErrorNamingItAndWhy() {
        EngineExecutionResults stream = runCaching(StreamTestCase.class, directory);

        stream.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(stream)).singleElement().asString()
                .endsWith("]: @LabtechCached method Lines#lines returns a java.util.stream.Stream, which can be used only "
                        + "once: a cached result is handed to every caller, and the second would find it already read or "
                        + "closed. Return the data (a List, a byte[], a record) and open the Stream where it is used");
        dev.labtech.Lab lab = dev.labtech.Lab.builder().storage(new dev.labtech.storage.NullStorage()).build();
        java.util.Map<Class<?>, String> declared = java.util.Map.of(Numbers.class, "Numbers#numbers returns a java.util.stream.IntStream",
                Iterating.class, "Iterating#iterator returns a java.util.Iterator", Splitting.class,
                "Splitting#spliterator returns a java.util.Spliterator", Bytes.class, "Bytes#bytes returns a java.io.ByteArrayInputStream",
                Reading.class, "Reading#reader returns a java.io.Reader");
        declared.forEach((type, message) -> org.assertj.core.api.Assertions.assertThatThrownBy(() -> lab.fixtures(type))
                .hasMessageContaining(message + ", which can be used only once"));
    }

    @LabtechCached
    static class WrongFieldTestCase {
        @LabtechCached
        String notFixtures;

        @Test
        void test() {
        }
    }

    @Test
    void aFieldOfAnotherTypeIsAConfigurationError() {
        EngineExecutionResults results = runCaching(WrongFieldTestCase.class, directory);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .isEqualTo("@LabtechCached field WrongFieldTestCase.notFixtures must have an interface type with a "
                        + "@LabtechCached default method, but its type is java.lang.String");
    }
}
