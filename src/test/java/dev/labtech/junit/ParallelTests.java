package dev.labtech.junit;

import static dev.labtech.junit.EngineRuns.entries;
import static dev.labtech.junit.EngineRuns.reports;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Parallel test execution on, as users run it: one computation per key, no deadlocks. */
class ParallelTests {

    static final AtomicInteger COMPUTATIONS = new AtomicInteger();

    @TempDir
    Path directory;

    public interface SlowFixtures {
        @LabtechCached
        default String slow(String name) {
            COMPUTATIONS.incrementAndGet();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return name + "!";
        }
    }

    @LabtechCached
    static class SixteenTestsOneKeyTestCase {
        @RepeatedTest(16)
        void same(SlowFixtures fixtures) {
            assertEquals("shared!", fixtures.slow("shared"));
        }
    }

    @Test
    void sixteenParallelTestsAskingForOneKeyComputeItOnce() throws Exception {
        COMPUTATIONS.set(0);

        EngineExecutionResults results = runCaching(SixteenTestsOneKeyTestCase.class, directory,
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "16");

        results.testEvents().assertStatistics(stats -> stats.succeeded(16).failed(0));
        assertThat(COMPUTATIONS).hasValue(1);
        assertThat(reports(results)).filteredOn(report -> report.startsWith("computed ")).hasSize(1);
        assertThat(reports(results)).filteredOn(report -> report.startsWith("reused ")).hasSize(15);
        assertThat(entries(directory)).hasSize(1);
    }
}
