package dev.labtech.processes;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A suite with a team cache configured, run through the real engine in a JVM of its own: prints
 * how many tests passed and how many results were computed. Run with {@code -Xlog:class+load}, its
 * output shows whether the S3 client was ever created.
 */
public final class TeamCacheStartupProgram {

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
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ValueTestCase.class))
                .configurationParameter(LabtechCached.STORAGE_PROPERTY_NAME, "local")
                .configurationParameter(LabtechCached.STORAGE_DIR_PROPERTY_NAME, arguments[0])
                .configurationParameter(LabtechCached.REMOTE_PROPERTY_NAME, "s3://team-cache/startup")
                .configurationParameter(LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME, arguments[1])
                .configurationParameter(LabtechCached.REMOTE_REGION_PROPERTY_NAME, "us-east-1")
                .configurationParameter(LabtechCached.REMOTE_TIMEOUT_PROPERTY_NAME, "1")
                .execute();
        System.out.println("succeeded: " + results.testEvents().succeeded().count() + ", computed: " + computed);
    }
}
