package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LayeredStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.S3Server;
import dev.labtech.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Large results through a team cache that compresses them: computed and pushed on one machine,
 * loaded on another, compared value and class; and what a laptop does with a compressed object
 * that is damaged or decompresses to more than its entry's metadata says.
 */
class TeamCacheCompressionTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    public record Reading(char sensor, float value) {
    }

    interface Fixtures {
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
    void reset(TestInfo test) {
        CALLS.set(0);
        prefix = "compressed-" + test.getTestMethod().orElseThrow().getName();
    }

    private LayeredStorage storage(Path local, boolean push) {
        return new LayeredStorage(new LocalStorage(local), server.storage(prefix), push);
    }

    @Test
    void largeResultsGoUpCompressedAndALaptopLoadsThemExactly() {
        LayeredStorage ciStorage = storage(ci, true);
        Fixtures onCi = new Lab(ciStorage).fixtures(Fixtures.class);
        double[] series = onCi.series(SERIES);
        List<Reading> readings = onCi.readings(READINGS);

        assertThat(objectsUnder(prefix + "/")).extracting(S3Object::key)
                .filteredOn(name -> name.endsWith("/data.bin.gz")).hasSize(2);
        long inBucket = objectsUnder(prefix + "/").stream().mapToLong(S3Object::size).sum();
        assertThat(inBucket).isLessThan(ciStorage.transfers().uploadedBytes() / 2);

        LayeredStorage laptopStorage = storage(laptop, false);
        Fixtures onLaptop = new Lab(laptopStorage).fixtures(Fixtures.class);
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
        double[] computed = new Lab(storage(ci, true)).fixtures(Fixtures.class).series(SERIES);
        String name = compressedObject();
        byte[] stored = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(name)).asByteArray();
        client.putObject(request -> request.bucket(S3Server.BUCKET).key(name),
                RequestBody.fromBytes(Arrays.copyOf(stored, stored.length / 2)));

        double[] again;
        try (LogRecorder log = new LogRecorder()) {
            again = new Lab(storage(laptop, true)).fixtures(Fixtures.class).series(SERIES);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] the team cache's entry ")
                    .contains("is damaged (data.bin does not decompress (");
        }
        assertThat(again).isEqualTo(computed);
        assertThat(CALLS).as("computed again").hasValue(2);

        LayeredStorage third = storage(another, false);
        assertThat(new Lab(third).fixtures(Fixtures.class).series(SERIES)).isEqualTo(computed);
        assertThat(third.transfers().downloads()).as("the laptop's result replaced the damaged one").isEqualTo(1);
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void aCompressedObjectThatDecompressesToMoreThanItsEntryIsRefusedAfterOneByteMore() throws IOException {
        double[] computed = new Lab(storage(ci, true)).fixtures(Fixtures.class).series(SERIES);
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
            again = new Lab(new LayeredStorage(measured, server.storage(prefix), false)).fixtures(Fixtures.class).series(SERIES);
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
        return objectsUnder(prefix + "/").stream().map(S3Object::key).filter(key -> key.endsWith("/data.bin.gz"))
                .findFirst().orElseThrow();
    }

    private static List<S3Object> objectsUnder(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).contents()
                .stream().toList();
    }
}
