package dev.labtech.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What {@link S3Storage} compresses on the way to the bucket, and that every file reads back as it
 * was written: compressed or not, in one request or in parts, written before compression existed,
 * or damaged in the bucket.
 */
class S3CompressionTests {

    static S3Server server;
    static S3Client client;

    @BeforeAll
    static void connect() throws Exception {
        server = S3Server.shared();
        client = server.client();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    /** Bytes of sixteen values in random order: deflated to about half, as columns of numbers are. */
    static byte[] compressible(int length, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) random.nextInt(16);
        }
        return data;
    }

    @ParameterizedTest
    @ValueSource(ints = {S3Storage.PROBE_SIZE, S3Storage.PROBE_SIZE + 1, 3 * S3Storage.PROBE_SIZE + 12_345})
    void aCompressibleFileOfAMebibyteOrMoreIsStoredCompressedAndReadsBackAsWritten(int length) throws IOException {
        String prefix = "gzip-" + length;
        S3Storage storage = server.storage(prefix);
        byte[] data = compressible(length, length);

        storage.write("key1", "data.bin", out -> {
            out.write(data, 0, 1000);
            out.write(data[1000]);
            out.write(data, 1001, length - 1001);
        });
        storage.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(readAll(storage, "key1", "metadata.json")).containsExactly('m');
        assertThat(readAll(storage, "key1", "data.bin")).isEqualTo(data);
        assertThat(readAll(server.storage(prefix), "key1", "data.bin")).as("read without the metadata first").isEqualTo(data);
        List<S3Object> objects = objectsUnder(prefix + "/");
        assertThat(objects).extracting(S3Object::key).hasSize(2)
                .anyMatch(name -> name.endsWith("/data.bin" + S3Storage.GZIP_SUFFIX))
                .noneMatch(name -> name.endsWith("/data.bin"));
        long stored = objects.stream().filter(object -> object.key().endsWith(S3Storage.GZIP_SUFFIX)).findFirst()
                .orElseThrow().size();
        assertThat(stored).isLessThan((long) (length * S3Storage.COMPRESSED_AT_MOST));
        assertThat(storage.size("key1")).as("the bytes in the bucket").isEqualTo(stored + 1);
        assertThat(commit(prefix + "/key1/")).containsEntry(S3Storage.GZIP_FIELD, "data.bin");

        storage.delete("key1");
        assertThat(objectsUnder(prefix + "/")).isEmpty();
    }

    static Stream<Arguments> storedAsTheyAre() {
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("a byte below a mebibyte", compressible(S3Storage.PROBE_SIZE - 1, 1)),
                Arguments.of("random bytes", S3StorageTests.incompressible(3 * S3Storage.PROBE_SIZE)),
                Arguments.of("compressible after a random start", concat(S3StorageTests.incompressible(S3Storage.PROBE_SIZE),
                        compressible(S3Storage.PROBE_SIZE, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedAsTheyAre")
    void aFileBelowAMebibyteOrWhoseStartDoesNotCompressIsStoredAsItIs(String what, byte[] data) throws IOException {
        String prefix = "plain-" + Math.abs(what.hashCode());
        S3Storage storage = server.storage(prefix);

        storage.write("key1", "data.bin", out -> out.write(data));
        storage.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(readAll(storage, "key1", "data.bin")).isEqualTo(data);
        assertThat(objectsUnder(prefix + "/")).extracting(S3Object::key).hasSize(2)
                .anyMatch(name -> name.endsWith("/data.bin"));
        assertThat(commit(prefix + "/key1/")).doesNotContainKey(S3Storage.GZIP_FIELD);
        assertThat(storage.size("key1")).isEqualTo(data.length + 1L);
    }

    @Test
    void theFileStartDecidesForTheWholeFile() throws IOException {
        byte[] data = concat(compressible(S3Storage.PROBE_SIZE, 2), S3StorageTests.incompressible(S3Storage.PROBE_SIZE));
        S3Storage storage = server.storage("decided-by-the-start");

        storage.write("key1", "data.bin", out -> out.write(data));
        storage.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(commit("decided-by-the-start/key1/")).containsEntry(S3Storage.GZIP_FIELD, "data.bin");
        assertThat(readAll(server.storage("decided-by-the-start"), "key1", "data.bin")).isEqualTo(data);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void aCompressedFileLargerThanAPartIsSentInPartsAndReadsBackWhole() throws IOException {
        S3Storage storage = new S3Storage(client, new S3Location(S3Server.BUCKET, "gzip-parts"), S3Storage.MIN_PART_SIZE);
        byte[] data = compressible(12 << 20, 3);

        storage.write("key1", "data.bin", out -> out.write(data));
        storage.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(readAll(storage, "key1", "data.bin")).isEqualTo(data);
        S3Object stored = objectsUnder("gzip-parts/").stream().filter(object -> object.key().endsWith(S3Storage.GZIP_SUFFIX))
                .findFirst().orElseThrow();
        assertThat(stored.size()).as("more than a part").isGreaterThan(S3Storage.MIN_PART_SIZE);
        assertThat(client.listMultipartUploads(request -> request.bucket(S3Server.BUCKET).prefix("gzip-parts/")).uploads())
                .isEmpty();
    }

    @Test
    void anEntryCommittedBeforeCompressionReadsAsItIs() throws IOException {
        // What an earlier version uploaded: its files as they are, a commit naming only the upload.
        byte[] data = compressible(2 * S3Storage.PROBE_SIZE, 4);
        String upload = java.util.UUID.randomUUID().toString();
        client.putObject(request -> request.bucket(S3Server.BUCKET).key("earlier/key1/" + upload + "/data.bin"),
                RequestBody.fromBytes(data));
        client.putObject(request -> request.bucket(S3Server.BUCKET).key("earlier/key1/metadata.json")
                .metadata(Map.of(S3Storage.UPLOAD_FIELD, upload)), RequestBody.fromString("m"));

        assertThat(readAll(server.storage("earlier"), "key1", "data.bin")).as("found from the commit").isEqualTo(data);
        S3Storage reader = server.storage("earlier");
        assertThat(readAll(reader, "key1", "metadata.json")).containsExactly('m');
        assertThat(readAll(reader, "key1", "data.bin")).isEqualTo(data);
    }

    @Test
    void aFileWrittenAgainBeforeTheCommitIsStoredAsItsLastWriting() throws IOException {
        byte[] compressible = compressible(2 * S3Storage.PROBE_SIZE, 5);
        byte[] random = S3StorageTests.incompressible(2 * S3Storage.PROBE_SIZE);
        S3Storage first = server.storage("again-plain");
        first.write("key1", "data.bin", out -> out.write(compressible));
        first.write("key1", "data.bin", out -> out.write(random));
        first.write("key1", "metadata.json", out -> out.write('m'));
        S3Storage second = server.storage("again-gzip");
        second.write("key1", "data.bin", out -> out.write(random));
        second.write("key1", "data.bin", out -> out.write(compressible));
        second.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(readAll(server.storage("again-plain"), "key1", "data.bin")).isEqualTo(random);
        assertThat(commit("again-plain/key1/")).doesNotContainKey(S3Storage.GZIP_FIELD);
        assertThat(readAll(server.storage("again-gzip"), "key1", "data.bin")).isEqualTo(compressible);
        assertThat(commit("again-gzip/key1/")).containsEntry(S3Storage.GZIP_FIELD, "data.bin");
    }

    @Test
    void theCommitListsAsManyCompressedFilesAsItsMetadataHoldsAndTheRestGoAsTheyAre() throws IOException {
        S3Storage storage = server.storage("many-files");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            names.add("file" + i + "-" + "x".repeat(194)); // 200 characters: five fit in the list
        }
        names.add("with space.bin");
        for (String name : names) {
            storage.write("key1", name, out -> out.write(compressible(S3Storage.PROBE_SIZE, name.hashCode())));
        }
        storage.write("key1", "metadata.json", out -> out.write('m'));

        S3Storage reader = server.storage("many-files");
        for (String name : names) {
            assertThat(readAll(reader, "key1", name)).as(name).isEqualTo(compressible(S3Storage.PROBE_SIZE, name.hashCode()));
        }
        assertThat(commit("many-files/key1/").get(S3Storage.GZIP_FIELD).split("/")).containsExactlyElementsOf(names.subList(0, 5));
        assertThat(objectsUnder("many-files/")).extracting(S3Object::key)
                .filteredOn(name -> name.endsWith(S3Storage.GZIP_SUFFIX)).hasSize(5);
    }

    enum Damage {
        NOT_GZIP {
            @Override
            byte[] apply(byte[] bytes) {
                return S3StorageTests.incompressible(bytes.length);
            }
        },
        EMPTY {
            @Override
            byte[] apply(byte[] bytes) {
                return new byte[0];
            }
        },
        CUT_SHORT {
            @Override
            byte[] apply(byte[] bytes) {
                return Arrays.copyOf(bytes, bytes.length - 100);
            }
        },
        CUT_IN_HALF {
            @Override
            byte[] apply(byte[] bytes) {
                return Arrays.copyOf(bytes, bytes.length / 2);
            }
        },
        TRAILER_CHANGED {
            @Override
            byte[] apply(byte[] bytes) {
                byte[] wrong = bytes.clone();
                wrong[wrong.length - 8] ^= 1; // the CRC-32 of what it decompresses to
                return wrong;
            }
        },
        LENGTH_CHANGED {
            @Override
            byte[] apply(byte[] bytes) {
                byte[] wrong = bytes.clone();
                wrong[wrong.length - 4] ^= 1;
                return wrong;
            }
        };

        abstract byte[] apply(byte[] bytes);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aCompressedObjectThatDoesNotDecompressAsWrittenIsADamagedEntry(Damage damage) throws IOException {
        String prefix = "damaged-gzip-" + damage.name().toLowerCase(java.util.Locale.ROOT);
        S3Storage writer = server.storage(prefix);
        writer.write("key1", "data.bin", out -> out.write(compressible(2 * S3Storage.PROBE_SIZE, 6)));
        writer.write("key1", "metadata.json", out -> out.write('m'));
        String name = objectsUnder(prefix + "/").stream().map(S3Object::key)
                .filter(key -> key.endsWith(S3Storage.GZIP_SUFFIX)).findFirst().orElseThrow();
        byte[] stored = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(name)).asByteArray();
        client.putObject(request -> request.bucket(S3Server.BUCKET).key(name), RequestBody.fromBytes(damage.apply(stored)));

        assertThatThrownBy(() -> readAll(server.storage(prefix), "key1", "data.bin"))
                .isInstanceOf(DamagedEntry.class)
                .hasMessageStartingWith("data.bin does not decompress (");
    }

    @Test
    void aCompressedObjectWithAnotherMemberAfterItReadsAsBothAndIsCaughtByTheDigests() throws IOException {
        // gzip allows members one after another: what follows is read too, so a reader's length check sees it.
        byte[] data = compressible(2 * S3Storage.PROBE_SIZE, 7);
        S3Storage writer = server.storage("two-members");
        writer.write("key1", "data.bin", out -> out.write(data));
        writer.write("key1", "metadata.json", out -> out.write('m'));
        String name = objectsUnder("two-members/").stream().map(S3Object::key)
                .filter(key -> key.endsWith(S3Storage.GZIP_SUFFIX)).findFirst().orElseThrow();
        byte[] stored = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(name)).asByteArray();
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(more)) {
            gzip.write("more".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        client.putObject(request -> request.bucket(S3Server.BUCKET).key(name),
                RequestBody.fromBytes(concat(stored, more.toByteArray())));

        byte[] read = readAll(server.storage("two-members"), "key1", "data.bin");
        assertThat(read).hasSize(data.length + 4);
        assertThat(Arrays.copyOf(read, data.length)).isEqualTo(data);
    }

    private static byte[] readAll(Storage storage, String key, String file) throws IOException {
        try (InputStream in = storage.read(key, file)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> commit(String folder) {
        return client.headObject(request -> request.bucket(S3Server.BUCKET).key(folder + "metadata.json")).metadata();
    }

    private static List<S3Object> objectsUnder(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).contents()
                .stream().toList();
    }
}
