package dev.labtech.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * {@code S3Storage} keeps entries in an S3 bucket, under a prefix: labtech's "storage bucket in the
 * cloud". It works with any S3-compatible store (AWS S3, MinIO, Ceph, s3proxy) through the AWS SDK
 * for Java 2.x, an optional dependency: add {@code software.amazon.awssdk:s3} to use it.
 *
 * <p>Most users never build one: {@code labtech.remote=s3://bucket/prefix} puts a team cache behind
 * the local directory ({@link LayeredStorage}), and {@code mvn labtech:list -Dlabtech.remote=...}
 * and {@code labtech:clear} work on the bucket.
 *
 * <p>Layout: an entry {@code key} is the objects under {@code <prefix>/<key>/}. Its result files are
 * uploaded first, under a name of their own ({@code <prefix>/<key>/<upload>/data.bin}); writing
 * {@code metadata.json}, which caches write last, commits the entry: the object
 * {@code <prefix>/<key>/metadata.json} names its upload in its object metadata, and reads of the
 * entry's files go to that upload. So a reader sees a whole entry or none, and two machines
 * uploading the same key at once never mix their files.
 *
 * <p>A result file of 1 MiB or more whose first 256 KiB deflate to at most 80% of their size is
 * uploaded gzip-compressed (level 1), as {@code <upload>/data.bin.gz}, and the commit lists it in
 * its object metadata; any other file goes as it is. What is read back is the file as written: the
 * compressed object is decompressed on the way, its gzip trailer (CRC-32 and length) checked, and a
 * reader checks the result against {@code metadata.json}'s digests as for any file. An object that
 * does not decompress is a damaged entry. Entries committed without the list (older ones) read as
 * they are; a version of labtech without compression finds no {@code data.bin} in a compressed
 * entry and computes the result instead, leaving the entry in place.
 *
 * <p>An entry in the bucket is never replaced: {@code metadata.json} is written only if absent (an
 * S3 conditional write, {@code If-None-Match: *}, after a check that the entry is absent, which is
 * all there is on stores that ignore the condition or answer it with 501 Not Implemented). Writing it for a key that already has one throws
 * {@link FileAlreadyExistsException} and removes the files uploaded for it; the entry there is a
 * result of the same call, computed by the same code. Delete an entry to replace it.
 *
 * <p>Files are sent as they are written, never spooled to disk: one request for a file of up to
 * 16 MiB, a multipart upload of 16 MiB parts for a larger one (up to 160 GB). A multipart upload
 * that fails is aborted; a bucket lifecycle rule that aborts incomplete multipart uploads covers
 * a machine that dies mid-upload.
 *
 * <p>Failures of the store (unreachable, access denied, throttled) are {@link IOException}s; a
 * missing object is a {@link NoSuchFileException}. The client retries throttled requests as the SDK
 * does by default. Credentials come from the SDK's default provider chain and are never printed.
 *
 * @since 0.1.0
 */
public final class S3Storage implements Storage {

    /** The object metadata field of {@code metadata.json} that names the upload holding the entry's files. */
    static final String UPLOAD_FIELD = "labtech-upload";
    /** The object metadata field of {@code metadata.json} that lists, '/'-separated, the entry's files stored gzip-compressed. */
    static final String GZIP_FIELD = "labtech-gzip";
    /** What a compressed file's object name ends with. */
    static final String GZIP_SUFFIX = ".gz";
    /** Files shorter than this go as they are: below it, the request costs more than the bytes. */
    static final int PROBE_SIZE = 1 << 20;
    /**
     * A longer file is compressed if its first this-many bytes deflate to at most
     * {@link #COMPRESSED_AT_MOST} of their size: a quarter of the held-back MiB tells as well, and
     * deflating what does not compress costs ~40 ms a MiB (BENCHMARKS.md).
     */
    static final int SAMPLE_SIZE = 256 << 10;
    static final double COMPRESSED_AT_MOST = 0.8;
    /** The longest list of compressed files a commit carries: S3 allows 2 KB of object metadata in all. */
    private static final int MAX_GZIP_FIELD = 1024;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private static final String METADATA = EntryManifest.FILE;
    private static final String CONTENT_TYPE = "application/octet-stream";
    /** The smallest part S3 accepts in a multipart upload, but for the last. */
    static final int MIN_PART_SIZE = 5 << 20;
    /** Parts of 16 MiB: files up to 160 GB within S3's 10,000 parts. */
    static final int PART_SIZE = 16 << 20;

    /** Creates the client, once, on first use. */
    private final Supplier<S3Client> connection;
    private volatile S3Client client;
    private final S3Location location;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    /** Keys whose files this storage is uploading, and the upload they go to. */
    private final Map<String, Pending> uploading = new ConcurrentHashMap<>();
    /**
     * The commit of the {@code metadata.json} last read for each key: the entry's other files are
     * read from its upload, so a reader never pairs one commit's metadata with another's files (an
     * entry deleted and uploaded again meanwhile reads as missing files), and needs no request to
     * find them.
     */
    private final Map<String, Commit> readUploads = new ConcurrentHashMap<>();
    /** What the last {@link #findKeys} saw of each entry; an entry this storage changes is dropped from it. */
    private final Map<String, Listed> listed = new ConcurrentHashMap<>();

    /** A storage at {@code location}, through {@code client}. */
    public S3Storage(S3Client client, S3Location location) {
        this(client, location, PART_SIZE);
    }

    /** A storage sending files larger than {@code partSize} bytes in parts of that size. */
    S3Storage(S3Client client, S3Location location, int partSize) {
        this(constant(Objects.requireNonNull(client, "client")), location, partSize);
    }

    private S3Storage(Supplier<S3Client> connection, S3Location location, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize " + partSize + " is below S3's minimum of " + MIN_PART_SIZE);
        }
        this.connection = connection;
        this.location = Objects.requireNonNull(location, "location");
        this.bucket = location.bucket();
        this.prefix = location.prefix();
        this.partSize = partSize;
    }

    private static Supplier<S3Client> constant(S3Client client) {
        return () -> client;
    }

    /**
     * A storage for {@code s3://bucket/prefix} with a client of its own: the default credentials,
     * {@code region} (or the SDK's default, or {@code us-east-1}), {@code endpoint} for stores other
     * than AWS (path-style addressing then), and {@code timeout} to connect and between reads.
     *
     * <p>The client is created when the storage is first used, not here: setting up the SDK takes
     * about a second in a new JVM, which a run that finds every result locally never pays. A client
     * that cannot be created fails that first use with an {@link IOException}.
     */
    public static S3Storage connect(S3Location location, Optional<URI> endpoint, Optional<String> region, Duration timeout) {
        return new S3Storage(() -> {
            S3ClientBuilder builder = S3Client.builder()
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .region(region.map(Region::of).orElseGet(S3Storage::defaultRegion))
                    // Entries carry their own CRC-32C; stores that predate the SDK's checksums still work.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            endpoint.ifPresent(url -> builder.endpointOverride(url).forcePathStyle(true));
            if (endpoint.isEmpty()) {
                builder.crossRegionAccessEnabled(true);
            }
            httpClient(timeout).ifPresent(builder::httpClient);
            return builder.build();
        }, location, PART_SIZE);
    }

    /** The client; created by the first call that needs it. */
    private S3Client client() {
        S3Client current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = connection.get();
                }
                current = client;
            }
        }
        return current;
    }

    /** The bucket and prefix entries are kept under. */
    public S3Location location() {
        return location;
    }

    /**
     * The entries in the bucket, from one listing of every object under the prefix; the sizes and
     * commit times it shows answer {@link #size} and {@link #lastUsed} for those entries, so listing
     * a bucket costs a request per entry (its metadata) instead of three.
     */
    @Override
    public List<String> findKeys() throws IOException {
        Map<String, Listed> entries = new TreeMap<>();
        for (S3Object object : objectsUnder(prefix, "list")) {
            String name = object.key().substring(prefix.length());
            int slash = name.indexOf('/');
            if (slash > 0 && isKey(name.substring(0, slash))) {
                Instant committed = name.substring(slash + 1).equals(METADATA) ? object.lastModified() : null;
                entries.merge(name.substring(0, slash), new Listed(object.size(), committed), Listed::plus);
            }
        }
        listed.clear();
        listed.putAll(entries);
        return new ArrayList<>(entries.keySet());
    }

    /** An entry as the last listing showed it: the bytes of its objects, and when it was committed. */
    private record Listed(long bytes, Instant committed) {

        Listed plus(Listed other) {
            return new Listed(bytes + other.bytes, committed == null ? other.committed : committed);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        String folder = folder(StorageNames.checkKey(key));
        return call(() -> client().listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(folder).maxKeys(1)
                .build()).keyCount() > 0, "check " + key);
    }

    @Override
    public InputStream read(String key, String fileName) throws IOException {
        StorageNames.checkFileName(key, fileName);
        if (fileName.equals(METADATA)) {
            ResponseInputStream<GetObjectResponse> metadata = get(folder(key) + METADATA);
            Commit.of(metadata.response().metadata()).ifPresent(commit -> readUploads.put(key, commit));
            return metadata;
        }
        Commit commit = readUploads.get(key);
        if (commit == null) {
            commit = committed(key).orElseThrow(() -> new NoSuchFileException(describe() + ": " + key + "/" + fileName));
        }
        String name = folder(key) + commit.upload() + "/" + fileName;
        if (commit.compressed().contains(fileName)) {
            return Gunzip.of(get(name + GZIP_SUFFIX), fileName);
        }
        return get(name);
    }

    /** An entry being uploaded: the upload its files go to, and which of them went compressed, for its commit to list. */
    private record Pending(String upload, Set<String> compressed) {

        static Pending start() {
            return new Pending(UUID.randomUUID().toString(), ConcurrentHashMap.newKeySet());
        }
    }

    /** An entry's commit: the upload that holds its files, and which of them are stored compressed. */
    private record Commit(String upload, Set<String> compressed) {

        /** The commit {@code metadata.json}'s object metadata records, if it names an upload. */
        static Optional<Commit> of(Map<String, String> metadata) {
            String upload = metadata.get(UPLOAD_FIELD);
            if (upload == null || !isKey(upload)) {
                return Optional.empty();
            }
            String listed = metadata.getOrDefault(GZIP_FIELD, "");
            Set<String> compressed = listed.isEmpty() ? Set.of()
                    : Arrays.stream(listed.split("/")).collect(Collectors.toUnmodifiableSet());
            return Optional.of(new Commit(upload, compressed));
        }
    }

    /**
     * Uploads one file of an entry; writing {@code metadata.json} commits the entry, if the bucket has
     * none for {@code key}.
     *
     * @throws FileAlreadyExistsException if {@code fileName} is {@code metadata.json} and the bucket
     *                                    already holds an entry for {@code key}
     */
    @Override
    public void write(String key, String fileName, ContentWriter content) throws IOException {
        StorageNames.checkFileName(key, fileName);
        listed.remove(key);
        readUploads.remove(key);
        if (fileName.equals(METADATA)) {
            ByteArrayOutputStream metadata = new ByteArrayOutputStream();
            content.writeTo(metadata);
            commit(key, metadata.toByteArray());
            return;
        }
        Pending pending = uploading.computeIfAbsent(key, k -> Pending.start());
        pending.compressed().remove(fileName);
        FileUpload out = new FileUpload(folder(key) + pending.upload() + "/" + fileName, key, fileName, pending.compressed());
        try {
            content.writeTo(out);
            out.finish();
        } catch (IOException | RuntimeException | Error e) {
            out.abort(e);
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String folder = folder(StorageNames.checkKey(key));
        uploading.remove(key);
        listed.remove(key);
        readUploads.remove(key);
        List<String> names = objectsUnder(folder, "list " + key).stream().map(S3Object::key)
                .collect(Collectors.toCollection(ArrayList::new));
        // The commit first: readers stop seeing the entry before its files go.
        if (names.remove(folder + METADATA)) {
            deleteObjects(List.of(folder + METADATA), key);
        }
        deleteObjects(names, key);
    }

    @Override
    public long size(String key) throws IOException {
        String folder = folder(StorageNames.checkKey(key));
        Listed entry = listed.get(key);
        if (entry != null) {
            return entry.bytes();
        }
        return objectsUnder(folder, "measure " + key).stream().mapToLong(S3Object::size).sum();
    }

    /** When the entry was committed: what the bucket keeps instead of a time of last use. */
    @Override
    public Optional<Instant> lastUsed(String key) throws IOException {
        Listed entry = listed.get(key);
        if (entry != null) {
            return Optional.ofNullable(entry.committed());
        }
        return head(StorageNames.checkKey(key)).map(HeadObjectResponse::lastModified);
    }

    @Override
    public String describe() {
        return "bucket " + location;
    }

    /** The prefix of every object of {@code key}'s entry. */
    private String folder(String key) {
        return prefix + key + "/";
    }

    /** Writes the commit object, if there is none yet, naming the upload that holds the entry's files. */
    private void commit(String key, byte[] metadata) throws IOException {
        Pending pending = uploading.computeIfAbsent(key, k -> Pending.start());
        String upload = pending.upload();
        try {
            if (head(key).isPresent()) {
                throw new FileAlreadyExistsException(describe() + ": " + key + " is already there");
            }
            Set<String> compressed = pending.compressed();
            putIfAbsent(folder(key) + METADATA, metadata, compressed.isEmpty() ? Map.of(UPLOAD_FIELD, upload)
                    : Map.of(UPLOAD_FIELD, upload, GZIP_FIELD, String.join("/", new TreeSet<>(compressed))), key);
            uploading.remove(key, pending);
        } catch (FileAlreadyExistsException e) {
            uploading.remove(key, pending);
            removeUpload(key, upload, e);
            throw e;
        }
    }

    private void removeUpload(String key, String upload, Exception cause) {
        String folder = folder(key) + upload + "/";
        try {
            deleteObjects(objectsUnder(folder, "list " + key).stream().map(S3Object::key).toList(), key);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Writes {@code name} unless it exists; on a store without conditional writes, unconditionally. */
    private void putIfAbsent(String name, byte[] content, Map<String, String> metadata, String key) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(name)
                .contentLength((long) content.length).contentType(CONTENT_TYPE).metadata(metadata).ifNoneMatch("*");
        call(() -> {
            try {
                return client().putObject(request.build(), RequestBody.fromBytes(content));
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw e;
                }
                // A store without conditional writes: the check that the entry is absent is all there is.
                return client().putObject(request.ifNoneMatch(null).build(), RequestBody.fromBytes(content));
            }
        }, "upload " + key);
    }

    /**
     * One file of an entry on its way to the bucket. Its first {@link #PROBE_SIZE} bytes are held
     * back to choose how it is stored — compressed if it is at least that long and its first
     * {@link #SAMPLE_SIZE} bytes deflate to at most {@link #COMPRESSED_AT_MOST} of their size (and the
     * commit's list of compressed files has room for its name), as it is otherwise — then
     * everything streams to an {@link Upload}.
     */
    private final class FileUpload extends OutputStream {

        private final String name;
        private final String key;
        private final String fileName;
        private final Set<String> compressed;
        private byte[] probe = new byte[8192];
        private int probed;
        private OutputStream target;
        private Upload upload;
        private Gzip gzip;

        FileUpload(String name, String key, String fileName, Set<String> compressed) {
            this.name = name;
            this.key = key;
            this.fileName = fileName;
            this.compressed = compressed;
        }

        @Override
        public void write(int b) throws IOException {
            if (target == null && probed < PROBE_SIZE) {
                room(1);
                probe[probed++] = (byte) b;
                return;
            }
            choose().write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (target == null) {
                int held = Math.min(length, PROBE_SIZE - probed);
                room(held);
                System.arraycopy(bytes, offset, probe, probed, held);
                probed += held;
                offset += held;
                length -= held;
                if (length == 0) {
                    return;
                }
            }
            choose().write(bytes, offset, length);
        }

        private void room(int more) {
            if (probed + more > probe.length) {
                probe = Arrays.copyOf(probe, Math.min(PROBE_SIZE, Math.max(probed + more, 2 * probe.length)));
            }
        }

        /** Where the file goes, chosen once: what is held back is sent first. */
        private OutputStream choose() throws IOException {
            if (target == null) {
                boolean compress = probed == PROBE_SIZE && deflatesWell(probe, SAMPLE_SIZE) && listable();
                upload = new Upload(compress ? name + GZIP_SUFFIX : name, key);
                target = compress ? (gzip = new Gzip(upload)) : upload;
                target.write(probe, 0, probed);
                probe = null;
            }
            return target;
        }

        /** Whether the commit can list this file among the compressed ones. */
        private boolean listable() {
            int listed = compressed.stream().mapToInt(other -> other.length() + 1).sum();
            return PLAIN_NAME.matcher(fileName).matches() && listed + fileName.length() <= MAX_GZIP_FIELD;
        }

        void finish() throws IOException {
            choose();
            if (gzip != null) {
                gzip.close(); // writes the trailer and frees the deflater; the upload itself is finished next
                upload.finish();
                compressed.add(fileName);
            } else {
                upload.finish();
            }
        }

        void abort(Throwable cause) {
            if (gzip != null) {
                gzip.end();
            }
            if (upload != null) {
                upload.abort(cause);
            }
        }
    }

    /** Whether the first {@code length} bytes of {@code data} deflate (level 1) to at most {@link #COMPRESSED_AT_MOST} of them. */
    static boolean deflatesWell(byte[] data, int length) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] out = new byte[64 * 1024];
            long allowed = (long) (length * COMPRESSED_AT_MOST);
            long total = 0;
            while (!deflater.finished()) {
                total += deflater.deflate(out);
                if (total > allowed) {
                    return false;
                }
            }
            return true;
        } finally {
            deflater.end();
        }
    }

    /** Gzip at level 1: most of what a higher level saves, at a fraction of its time (BENCHMARKS.md). */
    private static final class Gzip extends GZIPOutputStream {

        Gzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }

        /** Frees the deflater of an upload that does not finish. */
        void end() {
            def.end();
        }
    }

    /**
     * A compressed file as it was written, decompressed while it is read; a stored form that does
     * not decompress, or whose gzip trailer does not match, is a {@link DamagedEntry}. Every read
     * and skip of an {@code InflaterInputStream} goes through {@link #read(byte[], int, int)}.
     */
    private static final class Gunzip extends GZIPInputStream {

        private final String fileName;

        private Gunzip(InputStream object, String fileName) throws IOException {
            super(object, 64 * 1024);
            this.fileName = fileName;
        }

        static InputStream of(InputStream object, String fileName) throws IOException {
            try {
                return new Gunzip(object, fileName);
            } catch (ZipException | EOFException e) {
                object.close();
                throw damaged(fileName, e);
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            } catch (ZipException | EOFException e) {
                throw damaged(fileName, e);
            }
        }

        private static DamagedEntry damaged(String fileName, IOException e) {
            DamagedEntry damaged = new DamagedEntry(fileName + " does not decompress (" + e.getMessage() + ")");
            damaged.initCause(e);
            return damaged;
        }
    }

    /**
     * One file of an entry on its way to the bucket, sent as it is written: a file that fits in one
     * part is one request; a larger one is a multipart upload of {@code partSize} parts, so no file
     * is spooled to disk, memory holds one part, and files beyond the 5 GB of a single request go
     * too. An upload that does not finish is aborted, leaving no parts behind.
     */
    private final class Upload extends OutputStream {

        private final String name;
        private final String key;
        private byte[] buffer = new byte[64 * 1024];
        private int count;
        private String multipartId;
        private final List<CompletedPart> parts = new ArrayList<>();

        Upload(String name, String key) {
            this.name = name;
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                makeRoom();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            while (length > 0) {
                if (count == buffer.length) {
                    makeRoom();
                }
                int n = Math.min(length, buffer.length - count);
                System.arraycopy(bytes, offset, buffer, count, n);
                count += n;
                offset += n;
                length -= n;
            }
        }

        /** Grows the buffer up to a part, or sends the full part. */
        private void makeRoom() throws IOException {
            if (buffer.length < partSize) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
            } else {
                sendPart();
            }
        }

        private void sendPart() throws IOException {
            if (multipartId == null) {
                CreateMultipartUploadRequest request = CreateMultipartUploadRequest.builder().bucket(bucket).key(name)
                        .contentType(CONTENT_TYPE).build();
                multipartId = call(() -> client().createMultipartUpload(request), "upload " + key).uploadId();
            }
            int number = parts.size() + 1;
            UploadPartRequest request = UploadPartRequest.builder().bucket(bucket).key(name).uploadId(multipartId)
                    .partNumber(number).contentLength((long) count).build();
            String eTag = call(() -> client().uploadPart(request, body()), "upload " + key).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            count = 0;
        }

        /** The buffered bytes, readable again for each retry of the request. */
        private RequestBody body() {
            byte[] bytes = buffer;
            int length = count;
            return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
        }

        /** Sends what is buffered and completes the object. */
        void finish() throws IOException {
            if (multipartId == null) {
                PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(name)
                        .contentLength((long) count).contentType(CONTENT_TYPE).build();
                call(() -> client().putObject(request, body()), "upload " + key);
                return;
            }
            if (count > 0) {
                sendPart();
            }
            CompleteMultipartUploadRequest request = CompleteMultipartUploadRequest.builder().bucket(bucket).key(name)
                    .uploadId(multipartId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build();
            call(() -> client().completeMultipartUpload(request), "upload " + key);
            multipartId = null;
        }

        /** Removes the parts sent so far, if a multipart upload was started and not completed. */
        void abort(Throwable cause) {
            if (multipartId == null) {
                return;
            }
            AbortMultipartUploadRequest request = AbortMultipartUploadRequest.builder().bucket(bucket).key(name)
                    .uploadId(multipartId).build();
            try {
                call(() -> client().abortMultipartUpload(request), "abort the upload of " + key);
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private ResponseInputStream<GetObjectResponse> get(String name) throws IOException {
        return call(() -> client().getObject(GetObjectRequest.builder().bucket(bucket).key(name).build()),
                "download " + name);
    }

    /** The entry's commit, or empty if the entry is not committed. */
    private Optional<Commit> committed(String key) throws IOException {
        return head(key).flatMap(head -> Commit.of(head.metadata()));
    }

    private Optional<HeadObjectResponse> head(String key) throws IOException {
        try {
            HeadObjectRequest request = HeadObjectRequest.builder().bucket(bucket).key(folder(key) + METADATA).build();
            return Optional.of(call(() -> client().headObject(request), "check " + key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void deleteObjects(List<String> names, String key) throws IOException {
        for (int from = 0; from < names.size(); from += 1000) {
            List<ObjectIdentifier> batch = names.subList(from, Math.min(names.size(), from + 1000)).stream()
                    .map(name -> ObjectIdentifier.builder().key(name).build()).toList();
            DeleteObjectsRequest request = DeleteObjectsRequest.builder().bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build()).build();
            DeleteObjectsResponse response = call(() -> client().deleteObjects(request), "delete " + key);
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IOException("Cannot delete " + response.errors().get(0).key() + " from " + describe() + ": "
                        + response.errors().get(0).code() + " " + response.errors().get(0).message());
            }
        }
    }

    /** Every object whose name starts with {@code folder}, all pages of the listing. */
    private List<S3Object> objectsUnder(String folder, String what) throws IOException {
        return call(() -> {
            List<S3Object> objects = new ArrayList<>();
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(folder).build();
            client().listObjectsV2Paginator(request).contents().forEach(objects::add);
            return objects;
        }, what);
    }

    /**
     * Runs one request, turning the SDK's exceptions into what {@link Storage} promises: an
     * {@link IOException} saying why ({@code HTTP 403 AccessDenied}, or the SDK's account of a
     * connection that failed), for callers to put in context.
     */
    private <T> T call(Request<T> request, String what) throws IOException {
        try {
            client();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("cannot create the S3 client (" + e + ")", e);
        }
        try {
            return request.run();
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 404) {
                throw new NoSuchFileException(describe() + ": " + what);
            }
            if (status == 412 || status == 409) {
                throw new FileAlreadyExistsException(describe() + ": " + what, null, "another machine wrote it first");
            }
            throw new IOException("HTTP " + status + (e.awsErrorDetails() == null ? ""
                    : " " + e.awsErrorDetails().errorCode()), e);
        } catch (SdkException e) {
            if (String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
                // The SDK lists every provider it tried, in a thousand characters.
                throw new IOException(NO_CREDENTIALS, e);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    static final String NO_CREDENTIALS = "no AWS credentials: none in the system properties aws.accessKeyId and "
            + "aws.secretAccessKey, the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...), ~/.aws, or a container or "
            + "instance role";

    @FunctionalInterface
    private interface Request<T> {
        T run() throws IOException;
    }

    private static boolean isKey(String name) {
        return !name.isEmpty() && !name.contains(".") && !name.contains("/") && !name.contains("\\");
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }

    /**
     * The SDK's HTTP client found on the class path (Apache, URL connection, ...) with short
     * timeouts, so an unreachable store costs seconds, not minutes; empty if none is found (the SDK
     * then reports it).
     */
    private static Optional<SdkHttpClient> httpClient(Duration timeout) {
        Iterator<SdkHttpService> services = ServiceLoader.load(SdkHttpService.class, S3Storage.class.getClassLoader()).iterator();
        if (!services.hasNext()) {
            return Optional.empty();
        }
        AttributeMap options = AttributeMap.builder()
                .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, timeout)
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, timeout)
                .put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, timeout)
                .build();
        return Optional.of(services.next().createHttpClientBuilder().buildWithDefaults(options));
    }
}
