package dev.labtech.processes;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A suite with a team cache configured ({@code <storage directory> [<endpoint>]}), run through the
 * real engine in a JVM of its own: prints whether the AWS SDK is on the class path, how many tests
 * passed, how many results were computed and why anything failed. Run with
 * {@code -Xlog:class+load}, its output also shows whether the S3 client was ever created.
 */
public final class TeamCacheSuiteProgram {

    static int computed;

    public interface Fixtures {
        @LabtechCached
        default String value(String name) {
            computed++;
            return name.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @LabtechCached
    public static class ValueTestCase {
        @Test
        void value(Fixtures fixtures) {
            if (!"A".equals(fixtures.value("a"))) {
                throw new AssertionError("wrong value");
            }
        }
    }

    public static void main(String[] arguments) {
        boolean sdk;
        try {
            Class.forName("software.amazon.awssdk.services.s3.S3Client");
            sdk = true;
        } catch (ClassNotFoundException e) {
            sdk = false;
        }
        System.out.println("AWS SDK on the class path: " + (sdk ? "yes" : "no"));
        EngineTestKit.Builder engine = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ValueTestCase.class))
                .configurationParameter(LabtechCached.STORAGE_PROPERTY_NAME, "local")
                .configurationParameter(LabtechCached.STORAGE_DIR_PROPERTY_NAME, arguments[0])
                .configurationParameter(LabtechCached.REMOTE_PROPERTY_NAME, "s3://team-cache/suite");
        if (arguments.length > 1) {
            engine.configurationParameter(LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME, arguments[1])
                    .configurationParameter(LabtechCached.REMOTE_REGION_PROPERTY_NAME, "us-east-1")
                    .configurationParameter(LabtechCached.REMOTE_TIMEOUT_PROPERTY_NAME, "1");
        }
        EngineExecutionResults results = engine.execute();
        System.out.println("succeeded: " + results.testEvents().succeeded().count() + ", computed: " + computed);
        results.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow())
                .forEach(result -> System.out.println("failed: " + result.getThrowable().map(Throwable::getMessage).orElse("")));
    }
}
