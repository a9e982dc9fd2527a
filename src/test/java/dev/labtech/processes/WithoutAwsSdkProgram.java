package dev.labtech.processes;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A test suite with {@code labtech.remote} set, run through the real engine in a JVM whose class
 * path has no AWS SDK: prints what the user sees.
 */
public final class WithoutAwsSdkProgram {

    public interface Fixtures {
        @LabtechCached
        default String value(String name) {
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
        try {
            Class.forName("software.amazon.awssdk.services.s3.S3Client");
            System.out.println("the AWS SDK is on the class path");
            System.exit(2);
        } catch (ClassNotFoundException expected) {
            System.out.println("no AWS SDK on the class path");
        }
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ValueTestCase.class))
                .configurationParameter(LabtechCached.STORAGE_PROPERTY_NAME, "local")
                .configurationParameter(LabtechCached.STORAGE_DIR_PROPERTY_NAME, arguments[0])
                .configurationParameter(LabtechCached.REMOTE_PROPERTY_NAME, "s3://team-cache/fixtures")
                .execute();
        System.out.println("succeeded: " + results.testEvents().succeeded().count());
        results.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow())
                .forEach(result -> System.out.println("failed: " + result.getThrowable().map(Throwable::getMessage).orElse("")));
    }
}
