package dev.labtech.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.labtech.StandardOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * One launcher session — several executions, test classes and suites — shares one lab per
 * directory and ends with one summary, printed and written as JSON.
 */
class SessionTests {

    static final AtomicInteger COMPUTED = new AtomicInteger();

    interface Fixtures {
        @LabtechCached
        default String expensive(String name) {
            COMPUTED.incrementAndGet();
            return name.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @LabtechCached
    static class FirstTestCase {
        @Test
        void uses(Fixtures fixtures) {
            assertThat(fixtures.expensive("a")).isEqualTo("A");
        }
    }

    @LabtechCached
    static class SecondTestCase {
        @Test
        void usesToo(Fixtures fixtures) {
            assertThat(fixtures.expensive("a")).isEqualTo("A");
            assertThat(fixtures.expensive("b")).isEqualTo("B");
        }
    }

    @Suite
    @SelectClasses({FirstTestCase.class, SecondTestCase.class})
    static class BothSuiteTestCase {
    }

    @TempDir
    Path directory;

    private void runInOneSession(Path summary, Class<?>... executions) {
        try (LauncherSession session = LauncherFactory.openSession(LauncherConfig.DEFAULT)) {
            for (Class<?> testCase : executions) {
                SummaryGeneratingListener listener = new SummaryGeneratingListener();
                session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(testCase))
                        // Nothing is stored: only a lab shared in memory avoids computing twice.
                        .configurationParameter(LabtechCached.STORAGE_PROPERTY_NAME, "null")
                        .configurationParameter(LabtechCached.SUMMARY_FILE_PROPERTY_NAME, summary.toString())
                        .build(), listener);
                assertThat(listener.getSummary().getTotalFailureCount()).isZero();
            }
        }
    }

    @Test
    void twoExecutionsOfOneLauncherSessionShareOneLab() {
        COMPUTED.set(0);
        runInOneSession(directory.resolve("summary.json"), FirstTestCase.class, SecondTestCase.class);

        assertThat(COMPUTED).as("a(…) once, b(…) once").hasValue(2);
    }

    @Test
    void aSessionOfTwoClassesAndASuiteEndsWithOneSummaryPrintedAndWritten() throws Exception {
        COMPUTED.set(0);
        Path summary = directory.resolve("labtech/summary.json");
        try (StandardOutput out = new StandardOutput()) {
            runInOneSession(summary, FirstTestCase.class, SecondTestCase.class, BothSuiteTestCase.class);

            List<String> totals = out.labtechLines().stream().filter(line -> line.contains(" reused from memory")).toList();
            assertThat(totals).singleElement().asString()
                    .startsWith("[labtech] 0 loaded, 2 computed, 4 reused from memory; computing took ")
                    .endsWith("loading saved 0 ms (null storage (nothing is stored))");
            assertThat(out.labtechLines()).filteredOn(line -> line.startsWith("[labtech] most time: "))
                    .singleElement().asString().contains("Fixtures#expensive: 2 computed in ").endsWith(", 4 reused");
        }
        String json = Files.readString(summary);
        assertThat(json).startsWith("{\"run\":\"").contains("\"jvms\":1,\"labs\":[{\"storage\":\"null storage (nothing is "
                + "stored)\",\"computed\":2,\"loaded\":0,\"reused\":4,")
                .contains("\"fixtures\":[{\"fixture\":\"Fixtures#expensive\",\"computed\":2,");
    }
}
