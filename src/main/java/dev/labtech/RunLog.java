package dev.labtech;

import dev.labtech.internal.Console;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link Lab} tells people: a line per computed or loaded fixture (up to
 * {@value Lab#CALL_LINES} a run, every call with {@link Output#VERBOSE}), a line while a long
 * computation runs, and the counts and times behind the summary.
 */
final class RunLog {

    /** A computation running this long says so, then again every {@link #PROGRESS_EVERY}. */
    static final Duration PROGRESS_AFTER = Duration.ofSeconds(2);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private static volatile ScheduledExecutorService ticker;

    private final Output output;
    private final AtomicInteger callLines = new AtomicInteger();
    private final Map<String, Counts> fixtures = new ConcurrentHashMap<>();

    /** Counts and times of one fixture's calls. */
    private static final class Counts {
        final LongAdder computed = new LongAdder();
        final LongAdder loaded = new LongAdder();
        final LongAdder reused = new LongAdder();
        final LongAdder computingNanos = new LongAdder();
        final LongAdder savedNanos = new LongAdder();
    }

    RunLog(Output output) {
        this.output = output;
    }

    Output output() {
        return output;
    }

    /** Counts a call and prints its line if the output asks for it. */
    void called(CallReport report) {
        Counts counts = fixtures.computeIfAbsent(report.task().fixtureName(), name -> new Counts());
        switch (report.outcome()) {
            case COMPUTED -> {
                counts.computed.increment();
                counts.computingNanos.add(report.computeDuration().toNanos());
            }
            case LOADED -> counts.loaded.increment();
            case MEMORY -> counts.reused.increment();
        }
        counts.savedNanos.add(report.saved().toNanos());
        if (output == Output.VERBOSE) {
            Console.info(report.describe());
        } else if (output == Output.CALLS && report.outcome() != CallReport.Outcome.MEMORY) {
            int line = callLines.incrementAndGet();
            if (line <= Lab.CALL_LINES) {
                Console.info(report.describe());
            } else if (line == Lab.CALL_LINES + 1) {
                Console.info("further computed and loaded fixtures are counted in the summary "
                        + "(labtech.output=verbose prints every call)");
            }
        } else {
            Console.debug(report::describe);
        }
    }

    /** Prints a line while {@code task} computes for longer than a few seconds; close it when done. */
    AutoCloseable computing(Task task) {
        if (output == Output.SUMMARY) {
            return () -> { };
        }
        long start = System.nanoTime();
        Runnable say = () -> Console.info("computing " + task.describe() + "… ("
                + CallReport.format(Duration.ofNanos(System.nanoTime() - start)) + " so far)");
        ScheduledFuture<?> progress = ticker().scheduleAtFixedRate(say, PROGRESS_AFTER.toMillis(),
                PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return () -> progress.cancel(false);
    }

    private static ScheduledExecutorService ticker() {
        ScheduledExecutorService current = ticker;
        if (current == null) {
            synchronized (RunLog.class) {
                current = ticker;
                if (current == null) {
                    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                        Thread thread = new Thread(runnable, "labtech-progress");
                        thread.setDaemon(true);
                        return thread;
                    });
                    executor.setRemoveOnCancelPolicy(true);
                    ticker = current = executor;
                }
            }
        }
        return current;
    }

    /** The counts so far, with each fixture's, the costliest first. */
    Lab.Statistics statistics() {
        long computed = 0;
        long loaded = 0;
        long reused = 0;
        long computing = 0;
        long saved = 0;
        List<Lab.FixtureStatistics> perFixture = new ArrayList<>();
        for (Map.Entry<String, Counts> entry : fixtures.entrySet()) {
            Counts counts = entry.getValue();
            Lab.FixtureStatistics fixture = new Lab.FixtureStatistics(entry.getKey(), counts.computed.sum(),
                    counts.loaded.sum(), counts.reused.sum(), Duration.ofNanos(counts.computingNanos.sum()),
                    Duration.ofNanos(counts.savedNanos.sum()));
            perFixture.add(fixture);
            computed += fixture.computed();
            loaded += fixture.loaded();
            reused += fixture.reused();
            computing += fixture.computing().toNanos();
            saved += fixture.saved().toNanos();
        }
        perFixture.sort(Comparator.comparing((Lab.FixtureStatistics fixture) -> fixture.computing().plus(fixture.saved()))
                .reversed().thenComparing(Lab.FixtureStatistics::fixture));
        return new Lab.Statistics(computed, loaded, reused, Duration.ofNanos(computing), Duration.ofNanos(saved),
                List.copyOf(perFixture));
    }
}
