package dev.labtech.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

class S3StorageTests {

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

    @Test
    void writesReadsListsMeasuresAndDeletesAnEntry() throws IOException {
        S3Storage storage = server.storage("round-trip");

        storage.write("key1", "data.bin", out -> out.write("result".getBytes(UTF_8)));
        storage.write("key1", "metadata.json", out -> out.write("{\"cache_key\":\"key1\"}".getBytes(UTF_8)));

        assertThat(read(storage, "key1", "data.bin")).isEqualTo("result");
        assertThat(read(storage, "key1", "metadata.json")).isEqualTo("{\"cache_key\":\"key1\"}");
        assertThat(storage.findKeys()).containsExactly("key1");
        assertThat(storage.exists("key1")).isTrue();
        assertThat(storage.size("key1")).isEqualTo("result".length() + "{\"cache_key\":\"key1\"}".length());
        assertThat(storage.lastUsed("key1")).isPresent();

        storage.delete("key1");

        assertThat(storage.findKeys()).isEmpty();
        assertThat(storage.exists("key1")).isFalse();
        assertThat(objectsUnder("round-trip/")).isEmpty();
        assertThatThrownBy(() -> storage.read("key1", "data.bin")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anEntryIsReadableOnlyOnceItsMetadataIsWritten() throws IOException {
        S3Storage storage = server.storage("commit");

        storage.write("key1", "data.bin", out -> out.write(1));

        assertThatThrownBy(() -> storage.read("key1", "metadata.json")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.read("key1", "data.bin")).isInstanceOf(NoSuchFileException.class);
        assertThat(storage.exists("key1")).as("an incomplete entry is listed, so clear can remove it").isTrue();
    }

    @Test
    void anEntryIsNeverReplacedAndTheLoserLeavesNothingBehind() throws IOException {
        S3Storage first = server.storage("race");
        S3Storage second = server.storage("race");
        first.write("key1", "data.bin", out -> out.write("first".getBytes(UTF_8)));
        second.write("key1", "data.bin", out -> out.write("second".getBytes(UTF_8)));

        first.write("key1", "metadata.json", out -> out.write("{\"by\":\"first\"}".getBytes(UTF_8)));

        assertThatThrownBy(() -> second.write("key1", "metadata.json", out -> out.write("{\"by\":\"second\"}".getBytes(UTF_8))))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read(second, "key1", "metadata.json")).isEqualTo("{\"by\":\"first\"}");
        assertThat(read(second, "key1", "data.bin")).isEqualTo("first");
        assertThat(objectsUnder("race/key1/")).hasSize(2);
    }

    @Test
    void filesAreReadFromTheUploadTheMetadataJustReadNames() throws IOException {
        S3Storage writer = server.storage("reread");
        writer.write("key1", "data.bin", out -> out.write("first".getBytes(UTF_8)));
        writer.write("key1", "metadata.json", out -> out.write("{\"by\":\"first\"}".getBytes(UTF_8)));
        S3Client counting = org.mockito.Mockito.mock(S3Client.class,
                org.mockito.Mockito.withSettings().defaultAnswer(org.mockito.AdditionalAnswers.delegatesTo(client)));
        S3Storage reader = new S3Storage(counting, new S3Location(S3Server.BUCKET, "reread"));

        assertThat(read(reader, "key1", "metadata.json")).isEqualTo("{\"by\":\"first\"}");
        // Meanwhile another machine clears the entry and uploads it again.
        writer.delete("key1");
        writer.write("key1", "data.bin", out -> out.write("second".getBytes(UTF_8)));
        writer.write("key1", "metadata.json", out -> out.write("{\"by\":\"second\"}".getBytes(UTF_8)));

        assertThatThrownBy(() -> reader.read("key1", "data.bin"))
                .as("the first metadata with the second result").isInstanceOf(NoSuchFileException.class);
        org.mockito.Mockito.verify(counting, org.mockito.Mockito.never()).headObject(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.s3.model.HeadObjectRequest.class));
        assertThat(read(reader, "key1", "metadata.json")).isEqualTo("{\"by\":\"second\"}");
        assertThat(read(reader, "key1", "data.bin")).isEqualTo("second");
    }

    @Test
    void theConditionalWriteItselfRefusesASecondCommit() throws IOException {
        // Two machines both past the check that no entry exists: the store's If-None-Match decides.
        client.putObject(request -> request.bucket(S3Server.BUCKET).key("condition/key1/metadata.json").ifNoneMatch("*"),
                RequestBody.fromString("{}"));

        assertThatThrownBy(() -> client.putObject(request -> request.bucket(S3Server.BUCKET)
                .key("condition/key1/metadata.json").ifNoneMatch("*"), RequestBody.fromString("{\"x\":1}")))
                .isInstanceOf(S3Exception.class)
                .extracting(e -> ((S3Exception) e).statusCode())
                .isEqualTo(412);
    }

    @Test
    void aStoreWithoutConditionalWritesStillGetsEntriesButNeverOverAnother() throws IOException {
        S3Client plain = org.mockito.Mockito.mock(S3Client.class,
                org.mockito.Mockito.withSettings().defaultAnswer(org.mockito.AdditionalAnswers.delegatesTo(client)));
        org.mockito.Mockito.doThrow(S3Exception.builder().statusCode(501).message("A header you provided implies"
                        + " functionality that is not implemented").build())
                .when(plain).putObject(org.mockito.ArgumentMatchers.<PutObjectRequest>argThat(
                        request -> request != null && request.ifNoneMatch() != null), org.mockito.ArgumentMatchers.any(RequestBody.class));
        S3Storage storage = new S3Storage(plain, new S3Location(S3Server.BUCKET, "no-conditions"));

        storage.write("key1", "data.bin", out -> out.write("first".getBytes(UTF_8)));
        storage.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(read(storage, "key1", "data.bin")).isEqualTo("first");
        assertThatThrownBy(() -> storage.write("key1", "metadata.json", out -> out.write('n')))
                .as("the check before the write").isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read(storage, "key1", "metadata.json")).isEqualTo("m");
    }

    @ParameterizedTest
    @ValueSource(ints = {S3Storage.MIN_PART_SIZE, 2 * S3Storage.MIN_PART_SIZE, 2 * S3Storage.MIN_PART_SIZE + 1})
    void aFileLargerThanAPartIsSentInPartsAndReadsBackWhole(int length) throws IOException {
        String prefix = "parts-" + length;
        S3Storage storage = new S3Storage(client, new S3Location(S3Server.BUCKET, prefix), S3Storage.MIN_PART_SIZE);
        byte[] data = new byte[length];
        new java.util.Random(length).nextBytes(data);

        storage.write("key1", "data.bin", out -> {
            out.write(data, 0, length - 1);
            out.write(data[length - 1]);
        });
        storage.write("key1", "metadata.json", out -> out.write('m'));

        try (InputStream in = storage.read("key1", "data.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(storage.size("key1")).isEqualTo(length + 1L);
        assertThat(objectsUnder(prefix + "/")).hasSize(2);
        assertThat(unfinishedUploads(prefix + "/")).isEmpty();
    }

    @Test
    void anUploadWhosePartIsRefusedIsAbortedAndLeavesNoParts() {
        S3Client failing = org.mockito.Mockito.mock(S3Client.class,
                org.mockito.Mockito.withSettings().defaultAnswer(org.mockito.AdditionalAnswers.delegatesTo(client)));
        java.util.concurrent.atomic.AtomicInteger parts = new java.util.concurrent.atomic.AtomicInteger();
        org.mockito.Mockito.doAnswer(call -> {
            if (parts.incrementAndGet() == 2) {
                throw S3Exception.builder().statusCode(503).awsErrorDetails(
                        software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode("SlowDown").build()).build();
            }
            return client.uploadPart(call.getArgument(0, UploadPartRequest.class), call.getArgument(1, RequestBody.class));
        }).when(failing).uploadPart(org.mockito.ArgumentMatchers.any(UploadPartRequest.class),
                org.mockito.ArgumentMatchers.any(RequestBody.class));
        S3Storage storage = new S3Storage(failing, new S3Location(S3Server.BUCKET, "refused-part"), S3Storage.MIN_PART_SIZE);
        byte[] data = incompressible(3 * S3Storage.MIN_PART_SIZE);

        assertThatThrownBy(() -> storage.write("key1", "data.bin", out -> out.write(data)))
                .isInstanceOf(IOException.class)
                .hasMessage("HTTP 503 SlowDown");

        org.mockito.Mockito.verify(failing).abortMultipartUpload(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest.class));
        assertThat(unfinishedUploads("refused-part/")).isEmpty();
        assertThat(objectsUnder("refused-part/")).isEmpty();
    }

    @Test
    void aResultThatFailsWhileWritingUploadsNothing() {
        S3Storage storage = new S3Storage(client, new S3Location(S3Server.BUCKET, "failed-writer"), S3Storage.MIN_PART_SIZE);

        assertThatThrownBy(() -> storage.write("key1", "data.bin", out -> {
            out.write(incompressible(S3Storage.MIN_PART_SIZE + 1));
            throw new IOException("the result cannot be written");
        })).hasMessage("the result cannot be written");

        assertThat(unfinishedUploads("failed-writer/")).isEmpty();
        assertThat(objectsUnder("failed-writer/")).isEmpty();
    }

    @Test
    void listsMoreEntriesThanOnePageHolds() throws IOException {
        for (int i = 0; i < 1_005; i++) {
            String name = "many/key" + i + "/metadata.json";
            client.putObject(request -> request.bucket(S3Server.BUCKET).key(name), RequestBody.fromString("{}"));
        }

        List<String> keys = server.storage("many").findKeys();

        assertThat(keys).hasSize(1_005).contains("key0", "key1004").doesNotHaveDuplicates();
    }

    @Test
    void aListingAnswersSizesAndCommitTimesWithoutAskingAgain() throws IOException {
        S3Storage writer = server.storage("listed");
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[100 + i];
            writer.write("key" + i, "data.bin", out -> out.write(data));
            writer.write("key" + i, "metadata.json", out -> out.write('m'));
        }
        writer.write("incomplete", "data.bin", out -> out.write(new byte[7]));
        S3Client counting = org.mockito.Mockito.mock(S3Client.class,
                org.mockito.Mockito.withSettings().defaultAnswer(org.mockito.AdditionalAnswers.delegatesTo(client)));
        S3Storage listing = new S3Storage(counting, new S3Location(S3Server.BUCKET, "listed"));

        assertThat(listing.findKeys()).containsExactly("incomplete", "key0", "key1", "key2");
        for (String key : List.of("incomplete", "key0", "key1", "key2")) {
            assertThat(listing.size(key)).as(key).isEqualTo(writer.size(key));
            assertThat(listing.lastUsed(key).map(time -> time.getEpochSecond()))
                    .as(key).isEqualTo(writer.lastUsed(key).map(time -> time.getEpochSecond()));
        }

        org.mockito.Mockito.verify(counting, org.mockito.Mockito.times(1)).listObjectsV2Paginator(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.s3.model.ListObjectsV2Request.class));
        org.mockito.Mockito.verify(counting, org.mockito.Mockito.never()).headObject(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.s3.model.HeadObjectRequest.class));
        assertThat(listing.size("key0")).isEqualTo(101);
        assertThat(listing.lastUsed("incomplete")).isEmpty();
    }

    @Test
    void anEntryChangedAfterTheListingIsMeasuredAfresh() throws IOException {
        S3Storage storage = server.storage("relisted");
        storage.write("key1", "data.bin", out -> out.write(new byte[10]));
        storage.write("key1", "metadata.json", out -> out.write('m'));
        assertThat(storage.findKeys()).containsExactly("key1");
        assertThat(storage.size("key1")).isEqualTo(11);

        storage.delete("key1");
        assertThat(storage.size("key1")).isZero();
        assertThat(storage.lastUsed("key1")).isEmpty();

        storage.write("key1", "data.bin", out -> out.write(new byte[20]));
        storage.write("key1", "metadata.json", out -> out.write('m'));
        assertThat(storage.size("key1")).isEqualTo(21);
        assertThat(storage.lastUsed("key1")).isPresent();
    }

    @Test
    void deletesAnEntryOfMoreObjectsThanOneRequestRemoves() throws IOException {
        S3Storage storage = server.storage("big-entry");
        for (int i = 0; i < 1_003; i++) {
            String name = "big-entry/key1/upload/file" + i;
            client.putObject(request -> request.bucket(S3Server.BUCKET).key(name), RequestBody.fromString("x"));
        }

        storage.delete("key1");

        assertThat(objectsUnder("big-entry/")).isEmpty();
    }

    @Test
    void keepsEntriesOfOtherPrefixesApart() throws IOException {
        S3Storage team = server.storage("team/a");
        S3Storage other = server.storage("team/b");
        team.write("key1", "metadata.json", out -> out.write('a'));

        assertThat(team.findKeys()).containsExactly("key1");
        assertThat(other.findKeys()).isEmpty();
        assertThatThrownBy(() -> other.read("key1", "metadata.json")).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3:/bucket", "http://bucket/x", "s3://B/x", "s3://a", "s3://bucket/../x", "s3://bucket/a b"})
    void refusesWhatIsNotAnS3Uri(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(uri);
    }

    @Test
    void readsBucketAndPrefixFromAnS3Uri() {
        assertThat(S3Location.parse("s3://team-cache")).isEqualTo(new S3Location("team-cache", ""));
        assertThat(S3Location.parse("s3://team-cache/ci/labtech/")).isEqualTo(new S3Location("team-cache", "ci/labtech/"));
        assertThat(S3Location.parse("s3://team-cache/ci")).hasToString("s3://team-cache/ci/");
    }

    @Test
    void connectsWithTheDefaultCredentialChain() throws IOException {
        S3Storage storage = server.connect("connected");

        storage.write("key1", "metadata.json", out -> out.write('m'));

        assertThat(server.storage("connected").findKeys()).containsExactly("key1");
        assertThat(storage.describe()).isEqualTo("bucket s3://team-cache/connected/");
    }

    /** Bytes no codec shrinks, so an upload's parts are as long as what was written. */
    static byte[] incompressible(int length) {
        byte[] data = new byte[length];
        new java.util.Random(length).nextBytes(data);
        return data;
    }

    private static List<String> objectsUnder(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).contents()
                .stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    private static List<String> unfinishedUploads(String prefix) {
        return client.listMultipartUploads(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).uploads().stream()
                .map(software.amazon.awssdk.services.s3.model.MultipartUpload::key).toList();
    }

    private static String read(Storage storage, String key, String file) throws IOException {
        try (InputStream in = storage.read(key, file)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    /**
     * What is compressed on the way to the bucket, and that every file reads back as it was
     * written: compressed or not, in one request or in parts, written before compression existed,
     * or damaged in the bucket.
     */
    @Nested
    class Compression {

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
            List<S3Object> objects = objectsIn(prefix + "/");
            assertThat(objects).extracting(S3Object::key).hasSize(2)
                    .anyMatch(name -> name.endsWith("/data.bin" + S3Storage.GZIP_SUFFIX))
                    .noneMatch(name -> name.endsWith("/data.bin"));
            long stored = objects.stream().filter(object -> object.key().endsWith(S3Storage.GZIP_SUFFIX)).findFirst()
                    .orElseThrow().size();
            assertThat(stored).isLessThan((long) (length * S3Storage.COMPRESSED_AT_MOST));
            assertThat(storage.size("key1")).as("the bytes in the bucket").isEqualTo(stored + 1);
            assertThat(commit(prefix + "/key1/")).containsEntry(S3Storage.GZIP_FIELD, "data.bin");

            storage.delete("key1");
            assertThat(objectsIn(prefix + "/")).isEmpty();
        }

        static Stream<Arguments> storedAsTheyAre() {
            return Stream.of(
                    Arguments.of("empty", new byte[0]),
                    Arguments.of("a byte below a mebibyte", compressible(S3Storage.PROBE_SIZE - 1, 1)),
                    Arguments.of("random bytes", incompressible(3 * S3Storage.PROBE_SIZE)),
                    Arguments.of("compressible after a random start", concat(incompressible(S3Storage.PROBE_SIZE),
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
            assertThat(objectsIn(prefix + "/")).extracting(S3Object::key).hasSize(2)
                    .anyMatch(name -> name.endsWith("/data.bin"));
            assertThat(commit(prefix + "/key1/")).doesNotContainKey(S3Storage.GZIP_FIELD);
            assertThat(storage.size("key1")).isEqualTo(data.length + 1L);
        }

        @Test
        void theFileStartDecidesForTheWholeFile() throws IOException {
            byte[] data = concat(compressible(S3Storage.PROBE_SIZE, 2), incompressible(S3Storage.PROBE_SIZE));
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
            S3Object stored = objectsIn("gzip-parts/").stream().filter(object -> object.key().endsWith(S3Storage.GZIP_SUFFIX))
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
            byte[] random = incompressible(2 * S3Storage.PROBE_SIZE);
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
            assertThat(objectsIn("many-files/")).extracting(S3Object::key)
                    .filteredOn(name -> name.endsWith(S3Storage.GZIP_SUFFIX)).hasSize(5);
        }

        /** Ways a compressed object can differ from what was uploaded, each named. */
        static Stream<Arguments> damagedObjects() {
            return Stream.of(
                    damage("not gzip", bytes -> incompressible(bytes.length)),
                    damage("empty", bytes -> new byte[0]),
                    damage("cut short", bytes -> Arrays.copyOf(bytes, bytes.length - 100)),
                    damage("cut in half", bytes -> Arrays.copyOf(bytes, bytes.length / 2)),
                    damage("trailer CRC-32 changed", bytes -> flipped(bytes, bytes.length - 8)),
                    damage("trailer length changed", bytes -> flipped(bytes, bytes.length - 4)));
        }

        private static Arguments damage(String name, java.util.function.UnaryOperator<byte[]> change) {
            return Arguments.of(name, change);
        }

        private static byte[] flipped(byte[] bytes, int at) {
            byte[] wrong = bytes.clone();
            wrong[at] ^= 1;
            return wrong;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("damagedObjects")
        void aCompressedObjectThatDoesNotDecompressAsWrittenIsADamagedEntry(String damage,
                java.util.function.UnaryOperator<byte[]> change) throws IOException {
            String prefix = "damaged-gzip-" + damage.replace(" ", "-").toLowerCase(java.util.Locale.ROOT);
            S3Storage writer = server.storage(prefix);
            writer.write("key1", "data.bin", out -> out.write(compressible(2 * S3Storage.PROBE_SIZE, 6)));
            writer.write("key1", "metadata.json", out -> out.write('m'));
            String name = objectsIn(prefix + "/").stream().map(S3Object::key)
                    .filter(key -> key.endsWith(S3Storage.GZIP_SUFFIX)).findFirst().orElseThrow();
            byte[] stored = client.getObjectAsBytes(request -> request.bucket(S3Server.BUCKET).key(name)).asByteArray();
            client.putObject(request -> request.bucket(S3Server.BUCKET).key(name), RequestBody.fromBytes(change.apply(stored)));

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
            String name = objectsIn("two-members/").stream().map(S3Object::key)
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

        private static Map<String, String> commit(String folder) {
            return client.headObject(request -> request.bucket(S3Server.BUCKET).key(folder + "metadata.json")).metadata();
        }
    }

    private static byte[] readAll(Storage storage, String key, String file) throws IOException {
        try (InputStream in = storage.read(key, file)) {
            return in.readAllBytes();
        }
    }

    private static List<software.amazon.awssdk.services.s3.model.S3Object> objectsIn(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(S3Server.BUCKET).prefix(prefix)).contents()
                .stream().toList();
    }
}
