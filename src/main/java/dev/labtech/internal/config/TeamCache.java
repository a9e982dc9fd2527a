package dev.labtech.internal.config;

import dev.labtech.LabtechException;
import dev.labtech.internal.Console;
import dev.labtech.storage.LayeredStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.S3Location;
import dev.labtech.storage.S3Storage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;

/**
 * The team cache {@code labtech.remote} configures. Only this class touches {@link S3Storage}, so
 * the AWS SDK, an optional dependency, is loaded only when a team cache is set.
 */
public final class TeamCache {

    /** How long the store may take to connect or to send the next bytes, unless configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    static final String MISSING_SDK = "the team cache needs the AWS SDK for Java 2.x on the test class path: add "
            + "the dependency software.amazon.awssdk:s3 (test scope; any 2.x release from 2.30 on)";

    private TeamCache() {
    }

    /**
     * A checked {@code labtech.remote} and its companions.
     *
     * @param uri      {@code s3://bucket/prefix}
     * @param endpoint the store's URL, for stores other than AWS
     * @param region   the bucket's region, when set
     * @param push     whether computed results are uploaded
     * @param timeout  to connect, and between bytes
     */
    public record Remote(String uri, Optional<URI> endpoint, Optional<String> region, boolean push, Duration timeout) {

        /** The bucket and prefix. */
        public S3Location location() {
            return S3Location.parse(uri);
        }

        /** A client of the bucket. */
        public S3Storage connect() {
            return S3Storage.connect(location(), endpoint, region, timeout);
        }

        /**
         * {@code local} with this team cache behind it; {@code local} alone, after a warning, if no
         * client can be made (the cache never fails a test).
         */
        public Storage behind(Storage local) {
            try {
                return new LayeredStorage(local, connect(), push);
            } catch (RuntimeException | LinkageError e) {
                Console.warning("cannot use the team cache " + uri + " (" + e.getMessage() + "); using "
                        + local.describe() + " alone");
                return local;
            }
        }
    }

    /** Checks that the AWS SDK can be loaded, by the class loader that would load {@link S3Storage}. */
    static boolean sdkPresent() {
        try {
            Class.forName("software.amazon.awssdk.services.s3.S3Client", false, TeamCache.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A local storage in a new temporary directory, removed when the JVM exits. */
    public static Storage throwAwayDirectory() {
        try {
            Path directory = Files.createTempDirectory("labtech-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    PathUtils.deleteDirectory(directory);
                } catch (IOException e) {
                    // A temporary directory: the system removes it in time.
                }
            }, "labtech-remove-" + directory.getFileName()));
            return new LocalStorage(directory, false);
        } catch (IOException e) {
            throw new LabtechException("Cannot create a temporary directory for results on CI: " + e, e);
        }
    }
}
