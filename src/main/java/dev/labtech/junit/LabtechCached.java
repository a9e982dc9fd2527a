package dev.labtech.junit;

import dev.labtech.cache.Cache;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @LabtechCached} caches the results of expensive fixture methods on disk between test runs.
 *
 * <p>On a {@code default} method of an interface it marks that method as cached: calls through a
 * fixture proxy are keyed by the method, its arguments, {@link #version()} and its return type, and
 * a result computed once is loaded from then on. On a test class, a parameter or a field it
 * registers the extension, which injects fixture proxies into parameters (of tests, lifecycle
 * methods and constructors) and into {@code @LabtechCached} fields whose type is an interface with a
 * cached method. Static fields are injected before all tests, instance fields per test instance.
 *
 * <pre>{@code
 * interface ModelFixtures {
 *     @LabtechCached
 *     default Dataset dataset(String name, int rows) { ... }
 * }
 *
 * @LabtechCached
 * class ModelTest {
 *     @Test
 *     void converges(ModelFixtures fixtures) { ... fixtures.dataset("iris", 150) ... }
 * }
 * }</pre>
 *
 * <p>Configuration parameters (a {@code -D} system property or {@code junit-platform.properties})
 * tune every cached method; an attribute set on the annotation wins over a configuration parameter,
 * which wins over the default.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@ExtendWith(LabtechExtension.class)
public @interface LabtechCached {

    /**
     * Where results are stored: {@code local} (a directory, the default), {@code null} (nowhere) or
     * the class name of a {@link dev.labtech.storage.Storage}. When not set and a CI environment is
     * detected (the {@code CI} environment variable is set and not {@code false}), {@code null}.
     */
    String STORAGE_PROPERTY_NAME = "labtech.storage";

    /** The directory of {@code local} storage, relative to the working directory; default {@code .labtech}. */
    String STORAGE_DIR_PROPERTY_NAME = "labtech.storage.dir";

    /** How storage is used: {@code read_write} (default), {@code read_only}, {@code refresh} or {@code off}. */
    String MODE_PROPERTY_NAME = "labtech.mode";

    /**
     * How much is printed: {@code summary} (one summary per run), {@code calls} (default: also a line per
     * fixture computed or loaded, up to 20, and one while a long computation runs) or {@code verbose}
     * (every call, memory reuse included).
     */
    String OUTPUT_PROPERTY_NAME = "labtech.output";

    /**
     * What invalidates a stored result besides its arguments and declared inputs: {@code code}
     * (default: the fixture's code and every project class and library it reaches, plus
     * {@link #version()} and the return type) or {@code version} (only those two, as labtech does).
     */
    String INVALIDATION_PROPERTY_NAME = "labtech.invalidation";

    /**
     * Where the run summary is also written as JSON, for CI dashboards: a path, or {@code none}. When
     * not set, {@code target/labtech/summary.json} if the working directory has a {@code target}
     * directory (a Maven module), else nowhere.
     */
    String SUMMARY_FILE_PROPERTY_NAME = "labtech.summary.file";

    /**
     * The most the storage directory may hold, as {@code 2GB}, {@code 500MB} or a number of bytes:
     * at the end of a test run that stored results, entries are removed until the rest fits —
     * stale ones first, then those saving the least computing time per byte. No bound when not set.
     */
    String MAX_SIZE_PROPERTY_NAME = "labtech.maxSize";

    /**
     * A team cache behind the storage directory, {@code s3://bucket/prefix}: a result missing locally
     * is downloaded from it, checked, and results computed are uploaded when
     * {@link #REMOTE_PUSH_PROPERTY_NAME} is on. Needs {@code software.amazon.awssdk:s3} on the test
     * class path; credentials come from the AWS SDK's default chain. Not set by default.
     */
    String REMOTE_PROPERTY_NAME = "labtech.remote";

    /** The URL of an S3-compatible store other than AWS ({@code http://minio:9000}); AWS when not set. */
    String REMOTE_ENDPOINT_PROPERTY_NAME = "labtech.remote.endpoint";

    /** The region of the team cache's bucket; the AWS SDK's default, else {@code us-east-1}, when not set. */
    String REMOTE_REGION_PROPERTY_NAME = "labtech.remote.region";

    /** Whether computed results are uploaded to the team cache: {@code true} on CI, {@code false} elsewhere by default. */
    String REMOTE_PUSH_PROPERTY_NAME = "labtech.remote.push";

    /**
     * How long the team cache may take to connect or to send the next bytes before it is given up
     * for the run, an ISO-8601 duration ({@code PT5S}, the default) or seconds ({@code 5}).
     */
    String REMOTE_TIMEOUT_PROPERTY_NAME = "labtech.remote.timeout";

    /**
     * The cache of methods that do not name one: {@code binary} (default, {@link dev.labtech.cache.BinaryCache}),
     * {@code json}, {@code java} or a {@link Cache} class name.
     */
    String DEFAULT_CACHE_PROPERTY_NAME = "labtech.cache.default";

    /**
     * The version of the fixture; change it when the method's code changes, to invalidate results
     * computed by the old code.
     */
    String version() default "";

    /**
     * The cache that stores this method's results; {@code Cache.class} (the default) means the one
     * configured with {@value #DEFAULT_CACHE_PROPERTY_NAME}.
     */
    Class<? extends Cache> cache() default Cache.class;

    /**
     * Files, directories and {@code classpath:} resources the method reads, whose content joins the
     * key: {@code @LabtechCached(inputs = {"src/test/resources/train.txt", "classpath:/opennlp/pos.txt"})}.
     * A path is relative to the working directory (the module, under Maven); a directory counts
     * with every file under it. Change a byte and the result is computed again; touch a file
     * without changing it and nothing happens. ({@code Path} and {@code File} arguments are keyed
     * by their content too.)
     */
    String[] inputs() default {};
}
