package dev.labtech.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server on 127.0.0.1 (s3proxy over a directory), with one bucket, for the tests of
 * {@link S3Storage} and the team cache. Stopping and starting it again keeps the bucket.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "labtech-test-access";
    public static final String SECRET_KEY = "labtech-test-secret";
    public static final String BUCKET = "team-cache";

    private static S3Server shared;

    private final BlobStore store;
    private int port;
    private S3Proxy proxy;

    private S3Server(BlobStore store) {
        this.store = store;
    }

    /**
     * The server the tests of this JVM share, started on first use and stopped when the JVM exits;
     * each test keeps its objects under a prefix of its own.
     */
    public static synchronized S3Server shared() throws Exception {
        if (shared == null) {
            Path directory = java.nio.file.Files.createTempDirectory("labtech-s3-");
            shared = start(directory);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.close();
                try {
                    org.apache.commons.io.file.PathUtils.deleteDirectory(directory);
                } catch (java.io.IOException e) {
                    // a temporary directory: the system removes it in time
                }
            }));
        }
        return shared;
    }

    /** Starts a server keeping its objects under {@code directory}, with the bucket {@value #BUCKET}. */
    public static S3Server start(Path directory) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        S3Server server = new S3Server(BlobStores.create("filesystem", properties));
        server.startProxy(0);
        try (S3Client client = server.client()) {
            client.createBucket(request -> request.bucket(BUCKET));
        }
        return server;
    }

    private void startProxy(int wantedPort) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        port = proxy.getPort();
    }

    /** The server's URL. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of this server, as a user would configure one. */
    public S3Client client() {
        return client(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** A client of this server with other credentials: wrong ones, or none to be found. */
    public S3Client client(AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** A storage under {@code prefix} of the bucket. */
    public S3Storage storage(String prefix) {
        return new S3Storage(client(), new S3Location(BUCKET, prefix));
    }

    /** A storage built the way {@code labtech.remote} builds it, credentials from system properties. */
    public S3Storage connect(String prefix) {
        return S3Storage.connect(new S3Location(BUCKET, prefix), Optional.of(endpoint()), Optional.of("us-east-1"),
                Duration.ofSeconds(2));
    }

    /** Stops answering: connections to {@link #endpoint()} are refused. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Answers again, on the same port. */
    public void restart() throws Exception {
        startProxy(port);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }
}
