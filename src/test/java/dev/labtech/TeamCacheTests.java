package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LayeredStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.S3Location;
import dev.labtech.storage.S3Server;
import dev.labtech.storage.S3Storage;
import dev.labtech.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.AdditionalAnswers;
import org.mockito.Mockito;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The team cache: labs on different machines (here, different local directories) sharing one
 * bucket of a real S3 API server on 127.0.0.1. Every loaded value is compared with the computed one,
 * value and class.
 */
class TeamCacheTests {

    static final AtomicInteger CALLS = new AtomicInteger();
    /** Which machine computes, for results that differ between machines. */
    static final ThreadLocal<String> MACHINE = ThreadLocal.withInitial(() -> "main");
    static volatile CyclicBarrier together;

    /** A result with classes a lossy format would change: a TreeMap, a LinkedHashSet, longs, a nested record. */
    public record Dataset(String machine, List<Double> weights, TreeMap<String, Long> counts, LinkedHashSet<Integer> ids,
                          Part part) {
    }

    public record Part(char code, float ratio) {
    }

    interface Fixtures {
        @LabtechCached
        default Dataset dataset(int size) throws Exception {
            CALLS.incrementAndGet();
            CyclicBarrier barrier = together;
            if (barrier != null) {
                barrier.await(30, TimeUnit.SECONDS);
            }
            List<Double> weights = new ArrayList<>();
            TreeMap<String, Long> counts = new TreeMap<>();
            LinkedHashSet<Integer> ids = new LinkedHashSet<>();
            for (int i = size; i > 0; i--) {
                weights.add(i * 0.5);
                counts.put("k" + i, (long) i * i);
                ids.add(i);
            }
            return new Dataset(MACHINE.get(), weights, counts, ids, new Part('x', size / 3f));
        }
    }

    static S3Server server;
    static S3Client client;

    @TempDir
    Path ci;
    @TempDir
    Path laptop;
    @TempDir
    Path another;

    String prefix;

    @BeforeAll
    static void connect() throws Exception {
        server = S3Server.shared();
        client = server.client();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void reset(org.junit.jupiter.api.TestInfo test) {
        CALLS.set(0);
        together = null;
        prefix = test.getTestMethod().orElseThrow().getName() + "-" + Math.abs(test.getDisplayName().hashCode());
    }

    private LayeredStorage storage(Path local, boolean push) {
        return new LayeredStorage(new LocalStorage(local), server.storage(prefix), push);
    }

    private static Lab lab(Storage storage) {
        return new Lab(storage);
    }

    @Test
    void aResultComputedAndPushedOnCiIsDownloadedByALaptopWhichComputesNothing() throws Exception {
        LayeredStorage ciStorage = storage(ci, true);
        Dataset computed = lab(ciStorage).fixtures(Fixtures.class).dataset(500);
        assertThat(ciStorage.transfers().uploads()).isEqualTo(1);
        assertThat(ciStorage.transfers().uploadedBytes()).isPositive();

        LayeredStorage laptopStorage = storage(laptop, false);
        Lab laptopLab = lab(laptopStorage);
        Dataset loaded = laptopLab.fixtures(Fixtures.class).dataset(500);

        assertThat(CALLS).as("computed once, on CI").hasValue(1);
        assertThat(laptopLab.statistics().loaded()).isEqualTo(1);
        assertSameValue(loaded, computed);
        assertThat(laptopStorage.transfers().downloads()).isEqualTo(1);
        assertThat(laptopStorage.transfers().downloadedBytes()).isEqualTo(ciStorage.transfers().uploadedBytes());
        assertThat(laptopStorage.transfers().uploads()).isZero();

        // The laptop now has it locally: a new run loads it without the team cache.
        LayeredStorage nextRun = storage(laptop, false);
        assertSameValue(lab(nextRun).fixtures(Fixtures.class).dataset(500), computed);
        assertThat(nextRun.transfers().none()).isTrue();
        assertThat(CALLS).hasValue(1);
    }

    @Test
    void withoutPushNothingIsUploadedAndAMissIsComputed() throws Exception {
        LayeredStorage laptopStorage = storage(laptop, false);

        lab(laptopStorage).fixtures(Fixtures.class).dataset(20);

        assertThat(CALLS).hasValue(1);
        assertThat(objectsUnder(prefix + "/")).isEmpty();
        assertThat(laptopStorage.transfers().none()).isTrue();
    }

    enum Damage {
        TRUNCATED {
            @Override
            byte[] apply(byte[] bytes) {
                return Arrays.copyOf(bytes, bytes.length - 7);
            }
        },
        WRONG_BYTES {
            @Override
            byte[] apply(byte[] bytes) {
                byte[] wrong = bytes.clone();
                wrong[wrong.length / 2] ^= 0x10;
                return wrong;
            }
        };

        abstract byte[] apply(byte[] bytes);
    }

    /**
     * Hostile entries served by the team cache, each consistent with its metadata (length and
     * checksum match): a string of 2^31 characters in a few bytes, a list chain that hashes forever,
     * a library class, a duration that takes minutes to convert. Each is one warning on the laptop,
     * which computes the right value again.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"HUGE_STRING", "CHAIN_ABOVE_A_SET", "LIBRARY_CLASS",
        "DURATION"})
    @org.junit.jupiter.api.Timeout(60)
    void aHostileRemoteEntryIsOneWarningAndARecomputation(String hostile) throws Exception {
        Dataset computed = lab(storage(ci, true)).fixtures(Fixtures.class).dataset(40);
        String data = objectsUnder(prefix + "/").stream().filter(name -> name.endsWith("/data.bin")).findFirst().orElseThrow();
        String metadataKey = objectsUnder(prefix + "/").stream().filter(name -> name.endsWith("/metadata.json"))
                .findFirst().orElseThrow();
        var stored = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(metadataKey));
        java.util.Map<String, String> commit = stored.response().metadata(); // names the upload holding the files
        String metadata = stored.asUtf8String();
        String rejection;
        if (hostile.equals("DURATION")) {
            metadata = metadata.replaceFirst("\"duration_seconds\":[^,}]+", "\"duration_seconds\":1E+99999999");
            rejection = "a number out of range";
        } else {
            HostileBinaryFileTests.Payload payload = HostileBinaryFileTests.Payload.valueOf(hostile);
            byte[] bytes = payload.bytes(0);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes);
            metadata = metadata.replaceFirst("\"data.bin\":\\{\"bytes\":[0-9]+,\"crc32c\":\"[0-9a-f]{8}\"",
                    "\"data.bin\":{\"bytes\":" + bytes.length + ",\"crc32c\":\"" + String.format("%08x", crc.getValue()) + "\"");
            client.putObject(request -> request.bucket(S3Server.BUCKET).key(data), RequestBody.fromBytes(bytes));
            rejection = payload.rejection;
        }
        String forged = metadata;
        client.putObject(request -> request.bucket(S3Server.BUCKET).key(metadataKey).metadata(commit),
                RequestBody.fromString(forged));

        Dataset again;
        try (LogRecorder log = new LogRecorder()) {
            again = lab(storage(laptop, false)).fixtures(Fixtures.class).dataset(40);
            assertThat(log.warnings()).singleElement().asString().contains(rejection);
        }
        assertThat(CALLS).as("computed again").hasValue(2);
        assertSameValue(again, computed);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedRemoteEntryIsRefusedWithOneWarningComputedAgainAndReplaced(Damage damage) throws Exception {
        Dataset computed = lab(storage(ci, true)).fixtures(Fixtures.class).dataset(300);
        String data = objectsUnder(prefix + "/").stream().filter(name -> name.endsWith("/data.bin")).findFirst().orElseThrow();
        byte[] bytes = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(data)).asByteArray();
        client.putObject(request -> request.bucket(S3Server.BUCKET).key(data), RequestBody.fromBytes(damage.apply(bytes)));

        Dataset again;
        try (LogRecorder log = new LogRecorder()) {
            again = lab(storage(laptop, true)).fixtures(Fixtures.class).dataset(300);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] the team cache's entry ")
                    .contains("is damaged (data.bin ");
        }
        assertThat(CALLS).as("computed again").hasValue(2);
        assertSameValue(again, computed);
        assertThat(Files.list(laptop).filter(path -> !path.getFileName().toString().startsWith("."))).hasSize(1);

        // The damaged entry was replaced by the laptop's result: another machine loads it.
        LayeredStorage third = storage(another, false);
        assertSameValue(lab(third).fixtures(Fixtures.class).dataset(300), computed);
        assertThat(third.transfers().downloads()).isEqualTo(1);
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void twoMachinesPushingOneKeyAtOnceBothPassAndTheEntryIsOneOfTheirsWhole() throws Exception {
        together = new CyclicBarrier(2);
        ExecutorService machines = Executors.newFixedThreadPool(2);
        List<LayeredStorage> storages = List.of(storage(ci, true), storage(laptop, true));
        List<Future<Dataset>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                LayeredStorage storage = storages.get(i);
                String name = "machine-" + i;
                results.add(machines.submit(() -> {
                    MACHINE.set(name);
                    return lab(storage).fixtures(Fixtures.class).dataset(200);
                }));
            }
            assertThat(results.get(0).get(60, TimeUnit.SECONDS).machine()).isEqualTo("machine-0");
            assertThat(results.get(1).get(60, TimeUnit.SECONDS).machine()).isEqualTo("machine-1");
        } finally {
            machines.shutdownNow();
            together = null;
        }
        assertThat(CALLS).hasValue(2);
        assertThat(storages.get(0).transfers().uploads() + storages.get(1).transfers().uploads())
                .as("one upload wins").isEqualTo(1);
        assertThat(objectsUnder(prefix + "/")).as("the metadata and the winner's result, nothing of the loser")
                .hasSize(2);

        Dataset loaded = lab(storage(another, false)).fixtures(Fixtures.class).dataset(200);
        Dataset winner = results.get(storages.get(0).transfers().uploads() == 1 ? 0 : 1).get();
        assertSameValue(loaded, winner);
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void aServerThatStopsMidRunCostsOneWarningAndTheRunGoesOnLocally(@TempDir Path ownObjects) throws Exception {
        try (S3Server own = S3Server.start(ownObjects)) {
            LayeredStorage storage = new LayeredStorage(new LocalStorage(laptop), own.connect("stops"), true);
            Fixtures fixtures = lab(storage).fixtures(Fixtures.class);
            fixtures.dataset(1);
            assertThat(storage.transfers().uploads()).isEqualTo(1);

            own.stop();
            try (LogRecorder log = new LogRecorder()) {
                Dataset two = fixtures.dataset(2);
                Dataset three = fixtures.dataset(3);

                assertThat(two.weights()).hasSize(2);
                assertThat(three.weights()).hasSize(3);
                assertThat(log.warnings()).singleElement().asString()
                        .startsWith("[labtech] could not download ")
                        .contains(" from the team cache bucket s3://team-cache/stops/ (")
                        .endsWith("alone for the rest of this run");
            }
            assertThat(CALLS).hasValue(3);
            assertThat(storage.transfers().uploads()).isEqualTo(1);
            assertSameValue(lab(new LocalStorage(laptop)).fixtures(Fixtures.class).dataset(3),
                    new Fixtures() { }.dataset(3));
            own.restart();
        }
    }

    /**
     * A store that accepts connections and never answers. The bound on the test is no measurement:
     * with the SDK's own read timeout (30 s, per attempt, with retries) the run takes minutes; with
     * the configured second it takes a few.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aStoreThatNeverAnswersCostsOneWarningAfterTheConfiguredTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            }, "silent-store");
            accepting.setDaemon(true);
            accepting.start();
            S3Storage remote = S3Storage.connect(new S3Location(S3Server.BUCKET, "silent"),
                    java.util.Optional.of(java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                    java.util.Optional.of("us-east-1"), java.time.Duration.ofSeconds(1));
            LayeredStorage storage = new LayeredStorage(new LocalStorage(laptop), remote, true);

            try (LogRecorder log = new LogRecorder()) {
                Fixtures fixtures = lab(storage).fixtures(Fixtures.class);
                Dataset one = fixtures.dataset(1);
                Dataset two = fixtures.dataset(2);

                assertThat(log.warnings()).singleElement().asString()
                        .startsWith("[labtech] could not download ")
                        .contains(" from the team cache bucket s3://team-cache/silent/ (")
                        .containsIgnoringCase("timed out");
                assertThat(CALLS).hasValue(2);
                assertSameValue(one, new Fixtures() { }.dataset(1));
                assertSameValue(two, new Fixtures() { }.dataset(2));
            }
            assertThat(held).as("the store was asked").isNotEmpty();
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void noCredentialsCostOneShortWarningSayingSo(@TempDir Path home) throws Exception {
        java.nio.file.Path empty = Files.writeString(home.resolve("credentials"), "");
        S3Client anonymous = server.client(software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain.of(
                software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
                        .profileFile(software.amazon.awssdk.profiles.ProfileFile.builder().content(empty)
                                .type(software.amazon.awssdk.profiles.ProfileFile.Type.CREDENTIALS).build())
                        .build()));
        LayeredStorage storage = new LayeredStorage(new LocalStorage(laptop),
                new S3Storage(anonymous, new S3Location(S3Server.BUCKET, prefix)), false);

        try (LogRecorder log = new LogRecorder()) {
            Dataset one = lab(storage).fixtures(Fixtures.class).dataset(1);

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not download ")
                    .contains("(no AWS credentials: none in the system properties aws.accessKeyId")
                    .hasSizeLessThan(500);
            assertThat(CALLS).hasValue(1);
            assertSameValue(one, new Fixtures() { }.dataset(1));
        }
        anonymous.close();
    }

    @Test
    void wrongCredentialsCostOneWarningThatShowsNeitherKeyNorSecret() throws Exception {
        String accessKey = "AKIAWRONGACCESSKEY01";
        String secret = "wrong-secret-0123456789-abcdefghijklmnop";
        S3Client wrong = server.client(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(accessKey, secret)));
        LayeredStorage storage = new LayeredStorage(new LocalStorage(laptop),
                new S3Storage(wrong, new S3Location(S3Server.BUCKET, prefix)), true);

        try (LogRecorder log = new LogRecorder()) {
            Dataset one = lab(storage).fixtures(Fixtures.class).dataset(1);

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not download ")
                    .contains("(HTTP 403 ")
                    .doesNotContain(accessKey, secret);
            assertThat(log.messages(java.util.logging.Level.INFO)).noneMatch(line -> line.contains(secret) || line.contains(accessKey));
            assertThat(CALLS).hasValue(1);
            assertSameValue(one, new Fixtures() { }.dataset(1));
        }
        wrong.close();
    }

    @Test
    void accessDeniedCostsOneWarningAndEveryCallIsComputed() throws Exception {
        S3Client denying = mock(S3Client.class, withSettings().defaultAnswer(Mockito.CALLS_REAL_METHODS));
        S3Exception denied = s3Exception(403, "AccessDenied", "Access Denied");
        doThrow(denied).when(denying).headObject(any(HeadObjectRequest.class));
        doThrow(denied).when(denying).getObject(any(GetObjectRequest.class),
                org.mockito.ArgumentMatchers.<ResponseTransformer<GetObjectResponse, Object>>any());
        doThrow(denied).when(denying).listObjectsV2(any(ListObjectsV2Request.class));
        doThrow(denied).when(denying).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        LayeredStorage storage = new LayeredStorage(new LocalStorage(laptop),
                new S3Storage(denying, new S3Location("private-bucket", "team")), true);

        try (LogRecorder log = new LogRecorder()) {
            Fixtures fixtures = lab(storage).fixtures(Fixtures.class);
            fixtures.dataset(1);
            fixtures.dataset(2);

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not download ")
                    .contains(" from the team cache bucket s3://private-bucket/team/ (HTTP 403 AccessDenied); using local directory ")
                    .contains(laptop.toString());
        }
        assertThat(CALLS).hasValue(2);
        assertSameValue(lab(new LocalStorage(laptop)).fixtures(Fixtures.class).dataset(2), new Fixtures() { }.dataset(2));
    }

    @Test
    void slowDownOnUploadCostsOneWarningAndTheResultIsKeptLocally() throws Exception {
        S3Client real = server.client();
        S3Client throttling = mock(S3Client.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        doThrow(s3Exception(503, "SlowDown", "Please reduce your request rate."))
                .when(throttling).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        LayeredStorage storage = new LayeredStorage(new LocalStorage(laptop),
                new S3Storage(throttling, new S3Location(S3Server.BUCKET, prefix)), true);

        try (LogRecorder log = new LogRecorder()) {
            lab(storage).fixtures(Fixtures.class).dataset(5);
            lab(storage).fixtures(Fixtures.class).dataset(6);

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not upload ")
                    .contains(" to the team cache bucket s3://team-cache/" + prefix + "/ (HTTP 503 SlowDown); using ");
        }
        assertThat(storage.transfers().uploads()).isZero();
        assertThat(objectsUnder(prefix + "/")).isEmpty();
        assertThat(CALLS).hasValue(2);
        Dataset kept = lab(new LocalStorage(laptop)).fixtures(Fixtures.class).dataset(5);
        assertThat(CALLS).as("kept locally").hasValue(2);
        assertSameValue(kept, new Fixtures() { }.dataset(5));
        real.close();
    }

    @Test
    void anUploadFailingAtItsCommitLeavesNoEntryAnotherMachineWouldLoad() throws Exception {
        S3Storage real = server.storage(prefix);
        Storage failing = mock(Storage.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        doThrow(new IOException("connection reset")).when(failing).write(anyString(), eq("metadata.json"), any());
        lab(new LayeredStorage(new LocalStorage(ci), failing, true)).fixtures(Fixtures.class).dataset(7);

        assertThat(objectsUnder(prefix + "/")).as("the result file went up").hasSize(1);
        LayeredStorage laptopStorage = storage(laptop, false);
        Dataset computed = lab(laptopStorage).fixtures(Fixtures.class).dataset(7);

        assertThat(CALLS).as("an uncommitted upload is no entry: computed again").hasValue(2);
        assertThat(laptopStorage.transfers().downloads()).isZero();
        assertSameValue(computed, new Fixtures() { }.dataset(7));
    }

    @Test
    void aStorageFailingOnItsSecondWriteLeavesTheFirstEntryWholeRemotely() throws Exception {
        S3Storage real = server.storage(prefix);
        AtomicInteger writes = new AtomicInteger();
        Storage failing = mock(Storage.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        doAnswer(call -> {
            if (writes.incrementAndGet() == 3) { // the first file of the second entry
                throw new IOException("No space left on device");
            }
            real.write(call.getArgument(0), call.getArgument(1), call.getArgument(2));
            return null;
        }).when(failing).write(anyString(), anyString(), any());
        Fixtures ciFixtures = lab(new LayeredStorage(new LocalStorage(ci), failing, true)).fixtures(Fixtures.class);
        Dataset first = ciFixtures.dataset(8);
        ciFixtures.dataset(9);

        LayeredStorage laptopStorage = storage(laptop, false);
        Fixtures laptopFixtures = lab(laptopStorage).fixtures(Fixtures.class);
        assertSameValue(laptopFixtures.dataset(8), first);
        laptopFixtures.dataset(9);

        assertThat(laptopStorage.transfers().downloads()).isEqualTo(1);
        assertThat(CALLS).as("8 on CI, 9 on CI and on the laptop").hasValue(3);
    }

    private static S3Exception s3Exception(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static List<String> objectsUnder(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).contents()
                .stream().map(S3Object::key).toList();
    }

    /** Equal, and of the same classes all the way down where the declared types leave them open. */
    private static void assertSameValue(Dataset actual, Dataset expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual.weights().getClass()).isEqualTo(expected.weights().getClass());
        assertThat(actual.counts().getClass()).isEqualTo(TreeMap.class);
        assertThat(actual.ids().getClass()).isEqualTo(LinkedHashSet.class);
        assertThat(List.copyOf(actual.ids())).isEqualTo(List.copyOf(expected.ids()));
        assertThat(actual.counts().values()).allSatisfy(count -> assertThat(count).isInstanceOf(Long.class));
        Map<String, Long> counts = actual.counts();
        Set<Integer> ids = actual.ids();
        assertThat(counts).hasSameSizeAs(ids);
    }

    /**
     * Large results through a team cache that compresses them: computed and pushed on one machine,
     * loaded on another, compared value and class; and what a laptop does with a compressed object
     * that is damaged or decompresses to more than its entry's metadata says.
     */
    @org.junit.jupiter.api.Nested
    class Compressed {

        public record Reading(char sensor, float value) {
        }

        interface LargeFixtures {
            @LabtechCached
            default double[] series(int size) {
                CALLS.incrementAndGet();
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = i * 0.5;
                }
                return values;
            }

            @LabtechCached
            default List<Reading> readings(int size) {
                CALLS.incrementAndGet();
                List<Reading> readings = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    readings.add(new Reading((char) ('a' + i % 26), (i % 1000) / 4f));
                }
                return readings;
            }
        }

        static final int SERIES = 400_000; // 3.2 MB
        static final int READINGS = 300_000; // 1.8 MB of columns

        @Test
        void largeResultsGoUpCompressedAndALaptopLoadsThemExactly() {
            LayeredStorage ciStorage = storage(ci, true);
            LargeFixtures onCi = lab(ciStorage).fixtures(LargeFixtures.class);
            double[] series = onCi.series(SERIES);
            List<Reading> readings = onCi.readings(READINGS);

            assertThat(objectsUnder(prefix + "/")).filteredOn(name -> name.endsWith("/data.bin.gz")).hasSize(2);
            assertThat(bytesUnder(prefix + "/")).isLessThan(ciStorage.transfers().uploadedBytes() / 2);

            LayeredStorage laptopStorage = storage(laptop, false);
            LargeFixtures onLaptop = lab(laptopStorage).fixtures(LargeFixtures.class);
            double[] loadedSeries = onLaptop.series(SERIES);
            List<Reading> loadedReadings = onLaptop.readings(READINGS);

            assertThat(loadedSeries).isEqualTo(series);
            assertThat(loadedReadings).isEqualTo(readings);
            assertThat(loadedReadings.getClass()).isEqualTo(readings.getClass());
            assertThat(loadedReadings).allSatisfy(reading -> assertThat(reading.getClass()).isEqualTo(Reading.class));
            assertThat(CALLS).as("computed on CI only").hasValue(2);
            assertThat(laptopStorage.transfers().downloads()).isEqualTo(2);
            assertThat(laptopStorage.transfers().downloadedBytes()).isEqualTo(ciStorage.transfers().uploadedBytes());
        }

        @Test
        void aCompressedObjectCutShortIsOneWarningComputedAgainAndReplaced() throws IOException {
            double[] computed = lab(storage(ci, true)).fixtures(LargeFixtures.class).series(SERIES);
            String name = compressedObject();
            byte[] stored = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(name)).asByteArray();
            client.putObject(request -> request.bucket(S3Server.BUCKET).key(name),
                    RequestBody.fromBytes(Arrays.copyOf(stored, stored.length / 2)));

            double[] again;
            try (LogRecorder log = new LogRecorder()) {
                again = lab(storage(laptop, true)).fixtures(LargeFixtures.class).series(SERIES);
                assertThat(log.warnings()).singleElement().asString()
                        .startsWith("[labtech] the team cache's entry ")
                        .contains("is damaged (data.bin does not decompress (");
            }
            assertThat(again).isEqualTo(computed);
            assertThat(CALLS).as("computed again").hasValue(2);

            LayeredStorage third = storage(another, false);
            assertThat(lab(third).fixtures(LargeFixtures.class).series(SERIES)).isEqualTo(computed);
            assertThat(third.transfers().downloads()).as("the laptop's result replaced the damaged one").isEqualTo(1);
            assertThat(CALLS).hasValue(2);
        }

        @Test
        void aCompressedObjectThatDecompressesToMoreThanItsEntryIsRefusedAfterOneByteMore() throws IOException {
            double[] computed = lab(storage(ci, true)).fixtures(LargeFixtures.class).series(SERIES);
            String name = compressedObject();
            // 256 MiB of zeros in a quarter of a megabyte: what a hostile object would send.
            ByteArrayOutputStream bomb = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 256; i++) {
                    gzip.write(zeros);
                }
            }
            client.putObject(request -> request.bucket(S3Server.BUCKET).key(name), RequestBody.fromBytes(bomb.toByteArray()));

            java.util.concurrent.atomic.AtomicLong largestWrite = new java.util.concurrent.atomic.AtomicLong();
            Storage measured = new ForwardingStorage(new LocalStorage(laptop)) {
                @Override
                public void write(String key, String fileName, ContentWriter content) throws IOException {
                    super.write(key, fileName, out -> {
                        org.apache.commons.io.output.CountingOutputStream counting = new org.apache.commons.io.output.CountingOutputStream(out);
                        try {
                            content.writeTo(counting);
                        } finally {
                            largestWrite.accumulateAndGet(counting.getByteCount(), Math::max);
                        }
                    });
                }
            };

            double[] again;
            try (LogRecorder log = new LogRecorder()) {
                again = lab(new LayeredStorage(measured, server.storage(prefix), false)).fixtures(LargeFixtures.class).series(SERIES);
                assertThat(log.warnings()).singleElement().asString()
                        .contains("is damaged (data.bin has more than the ")
                        .contains(" bytes metadata.json records)");
            }
            assertThat(again).isEqualTo(computed);
            assertThat(CALLS).as("computed again").hasValue(2);
            assertThat(largestWrite.get()).as("the laptop wrote no more of it than the entry's length and a byte")
                    .isLessThan(SERIES * (long) Double.BYTES + 1024);
            try (var files = Files.walk(laptop)) {
                assertThat(files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum())
                        .as("nothing of the bomb left on the laptop").isLessThan(2L * SERIES * Double.BYTES);
            }
        }

        private String compressedObject() {
            return objectsUnder(prefix + "/").stream().filter(key -> key.endsWith("/data.bin.gz"))
                    .findFirst().orElseThrow();
        }

        private long bytesUnder(String prefix) {
            return client.listObjectsV2Paginator(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).contents()
                    .stream().mapToLong(S3Object::size).sum();
        }
    }
}
