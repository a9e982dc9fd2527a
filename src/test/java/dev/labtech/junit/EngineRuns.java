package dev.labtech.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs test cases through the real Jupiter engine, as a user's build would. */
final class EngineRuns {

    private EngineRuns() {
    }

    /** Runs {@code testClass} caching in {@code directory}; {@code parameters} are name, value pairs. */
    static EngineExecutionResults runCaching(Class<?> testClass, Path directory, String... parameters) {
        String[] all = new String[parameters.length + 4];
        all[0] = LabtechCached.STORAGE_PROPERTY_NAME;
        all[1] = "local";
        all[2] = LabtechCached.STORAGE_DIR_PROPERTY_NAME;
        all[3] = directory.toString();
        System.arraycopy(parameters, 0, all, 4, parameters.length);
        return run(testClass, all);
    }

    /**
     * Runs {@code testClass} with exactly these configuration parameters (name, value pairs), in a
     * launcher session of its own, as each test run of a build is: before JUnit 5.13 the test kit
     * opens none, and labtech holds its labs per session.
     */
    static EngineExecutionResults run(Class<?> testClass, String... parameters) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass));
        for (int i = 0; i < parameters.length; i += 2) {
            builder.configurationParameter(parameters[i], parameters[i + 1]);
        }
        try (LauncherSession session = LauncherFactory.openSession()) {
            return builder.execute();
        }
    }

    /** The {@code labtech} report entries published during a run, in order. */
    static List<String> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(Event::getPayload)
                .flatMap(java.util.Optional::stream)
                .map(ReportEntry.class::cast)
                .map(entry -> entry.getKeyValuePairs().get("labtech"))
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toList());
    }

    /** The messages of the exceptions that failed tests or containers in a run. */
    static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
                .map(result -> result.getThrowable().map(Throwable::getMessage).orElse(""))
                .collect(Collectors.toList());
    }

    /** The cache entries (sub-directories) in a storage directory. */
    static List<Path> entries(Path directory) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return List.of();
        }
        try (var children = java.nio.file.Files.list(directory)) {
            return children.filter(java.nio.file.Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
