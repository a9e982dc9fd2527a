package dev.labtech.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** A call's report entry lands on the test that made it, however the fixtures were injected. */
class ReportEntryTests {

    interface Fixtures {
        @LabtechCached
        default String value(String name) {
            return name;
        }
    }

    @LabtechCached
    static class StaticFieldTestCase {
        @LabtechCached
        static Fixtures fixtures;

        @Test
        void first() {
            fixtures.value("static-first");
        }

        @Test
        void second() {
            fixtures.value("static-second");
        }
    }

    @LabtechCached
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassTestCase {
        @LabtechCached
        Fixtures fixtures;

        @Test
        void first() {
            fixtures.value("per-class-first");
        }

        @Test
        void second() {
            fixtures.value("per-class-second");
        }
    }

    @LabtechCached
    static class BeforeAllTestCase {
        static Fixtures shared;

        @BeforeAll
        static void keep(Fixtures fixtures) {
            shared = fixtures;
        }

        @Test
        void first() {
            shared.value("before-all-first");
        }

        @Test
        void second() {
            shared.value("before-all-second");
        }
    }

    @LabtechCached
    static class DynamicTestCase {
        @TestFactory
        Stream<DynamicTest> tests(Fixtures fixtures) {
            return Stream.of("first", "second").map(name -> DynamicTest.dynamicTest(name,
                    () -> fixtures.value("dynamic-" + name)));
        }
    }

    /** Each report entry, as "display name of the test it is on: entry". */
    private static List<String> entriesByTest(Class<?> testCase) {
        EngineExecutionResults results = EngineRuns.run(testCase, LabtechCached.STORAGE_PROPERTY_NAME, "null",
                LabtechCached.OUTPUT_PROPERTY_NAME, "summary");
        results.testEvents().assertStatistics(stats -> stats.failed(0));
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> onWhat(event) + ": " + event.getPayload(ReportEntry.class).orElseThrow()
                        .getKeyValuePairs().get("labtech"))
                .toList();
    }

    private static String onWhat(Event event) {
        return (event.getTestDescriptor().isTest() ? "test " : "container ") + event.getTestDescriptor().getDisplayName();
    }

    @Test
    void fromAStaticField() {
        assertThat(entriesByTest(StaticFieldTestCase.class)).hasSize(2)
                .anySatisfy(entry -> assertThat(entry).startsWith("test first(): computed Fixtures#value(\"static-first\")"))
                .anySatisfy(entry -> assertThat(entry).startsWith("test second(): computed Fixtures#value(\"static-second\")"));
    }

    @Test
    void fromAPerClassInstance() {
        assertThat(entriesByTest(PerClassTestCase.class)).hasSize(2)
                .anySatisfy(entry -> assertThat(entry).startsWith("test first(): computed Fixtures#value(\"per-class-first\")"))
                .anySatisfy(entry -> assertThat(entry).startsWith("test second(): computed Fixtures#value(\"per-class-second\")"));
    }

    @Test
    void fromABeforeAllParameter() {
        assertThat(entriesByTest(BeforeAllTestCase.class)).hasSize(2)
                .anySatisfy(entry -> assertThat(entry).startsWith("test first(): computed Fixtures#value(\"before-all-first\")"))
                .anySatisfy(entry -> assertThat(entry).startsWith("test second(): computed Fixtures#value(\"before-all-second\")"));
    }

    @Test
    void fromADynamicTest() {
        assertThat(entriesByTest(DynamicTestCase.class)).hasSize(2)
                .anySatisfy(entry -> assertThat(entry).startsWith("test first: computed Fixtures#value(\"dynamic-first\")"))
                .anySatisfy(entry -> assertThat(entry).startsWith("test second: computed Fixtures#value(\"dynamic-second\")"));
    }
}
