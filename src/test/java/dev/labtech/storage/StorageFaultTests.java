package dev.labtech.storage;

import dev.labtech.cache.JsonCache;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.Lab;
import dev.labtech.LogRecorder;
import dev.labtech.Mode;
import dev.labtech.junit.LabtechCached;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage that fails half-way: the test still gets its value, one warning, no partial entry. */
class StorageFaultTests {

    static final AtomicInteger CALLS = new AtomicInteger();

    interface Fixtures {
        @LabtechCached(cache = JsonCache.class)
        default List<Integer> numbers(int count) {
            CALLS.incrementAndGet();
            return IntStream.range(0, count).boxed().toList();
        }
    }

    @TempDir
    Path directory;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    private static List<Integer> expected() {
        return IntStream.range(0, 5_000).boxed().toList();
    }

    private List<Integer> callThrough(Storage storage, Mode mode) {
        return Lab.builder().storage(storage).mode(mode).build().fixtures(Fixtures.class).numbers(5_000);
    }

    @Test
    void anIOExceptionHalfWayThroughAWriteLeavesNoEntry() throws IOException {
        Storage failing = new ForwardingStorage(new LocalStorage(directory)) {
            @Override
            public void write(String key, String fileName, ContentWriter content) throws IOException {
                super.write(key, fileName, out -> content.writeTo(new FailingAfter(out, 1_000)));
            }
        };

        try (LogRecorder log = new LogRecorder()) {
            assertThat(callThrough(failing, Mode.READ_WRITE)).isEqualTo(expected());
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] could not cache the result of Fixtures#numbers; the test gets the computed value. "
                            + "Cannot write entry json__Fixtures-numbers__")
                    .endsWith("java.io.IOException: device failed after 1000 bytes");
        }
        assertThat(visibleChildren(directory)).isEmpty();
    }

    @Test
    void aFailedMoveIntoPlaceInRefreshModeRemovesTheEntryItWasToReplace() throws IOException {
        callThrough(new LocalStorage(directory), Mode.READ_WRITE);
        LocalStorage failingRename = new LocalStorage(directory, true, (temporary, target) -> {
            throw new IOException("rename failed");
        });

        try (LogRecorder log = new LogRecorder()) {
            assertThat(callThrough(failingRename, Mode.REFRESH)).isEqualTo(expected());
            assertThat(log.warnings()).singleElement().asString().endsWith("java.io.IOException: rename failed");
        }
        assertThat(visibleChildren(directory)).as("the entry refresh mode was replacing").isEmpty();
        assertThat(hiddenFiles(directory)).as("leftovers").allSatisfy(path ->
                assertThat(path.getFileName().toString()).isIn(".gitignore", ".locks", ".calls", ".tmp"));
        assertThat(directory.resolve(".tmp")).isEmptyDirectory();
        Lab lab = new Lab(new LocalStorage(directory));
        assertThat(lab.fixtures(Fixtures.class).numbers(5_000)).isEqualTo(expected());
        assertThat(lab.statistics().computed()).as("computed again, not loaded from before the refresh").isEqualTo(1);
    }

    @Test
    void anIOExceptionWhileReadingIsAMissAndTheEntryIsRewritten() throws IOException {
        callThrough(new LocalStorage(directory), Mode.READ_WRITE);
        Storage failingReads = new ForwardingStorage(new LocalStorage(directory)) {
            @Override
            public InputStream read(String key, String fileName) throws IOException {
                InputStream in = super.read(key, fileName);
                return fileName.startsWith("data") ? new FailingAfterRead(in, 100) : in;
            }
        };

        try (LogRecorder log = new LogRecorder()) {
            assertThat(callThrough(failingReads, Mode.READ_WRITE)).isEqualTo(expected());
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] ignoring the damaged cache entry json__Fixtures-numbers__")
                    .contains("read failed after 100 bytes");
        }
        assertThat(CALLS).hasValue(2);
        Lab lab = new Lab(new LocalStorage(directory));
        assertThat(lab.fixtures(Fixtures.class).numbers(5_000)).isEqualTo(expected());
        assertThat(lab.statistics().loaded()).isEqualTo(1);
    }

    @Test
    void aReadOnlyStorageGivesTheValueWithOneWarning() throws IOException {
        // As root, permissions do not stop writes, so the refusal is what the file system would say.
        Storage readOnly = new ForwardingStorage(new LocalStorage(directory)) {
            @Override
            public void write(String key, String fileName, ContentWriter content) throws IOException {
                throw new AccessDeniedException(directory.resolve(key).resolve(fileName).toString());
            }
        };

        try (LogRecorder log = new LogRecorder()) {
            assertThat(callThrough(readOnly, Mode.READ_WRITE)).isEqualTo(expected());
            assertThat(log.warnings()).singleElement().asString().contains("java.nio.file.AccessDeniedException");
        }
        assertThat(visibleChildren(directory)).isEmpty();
    }

    private static List<Path> visibleChildren(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(path -> !path.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static List<Path> hiddenFiles(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(path -> path.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** An output stream whose device fails after {@code limit} bytes. */
    private static final class FailingAfter extends FilterOutputStream {
        private final int limit;
        private int written;

        FailingAfter(OutputStream out, int limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (++written > limit) {
                throw new IOException("device failed after " + limit + " bytes");
            }
            super.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = 0; i < length; i++) {
                write(bytes[offset + i]);
            }
        }
    }

    /** An input stream whose device fails after {@code limit} bytes. */
    private static final class FailingAfterRead extends FilterInputStream {
        private final int limit;
        private int read;

        FailingAfterRead(InputStream in, int limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (++read > limit) {
                throw new IOException("read failed after " + limit + " bytes");
            }
            return super.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = 0;
            while (n < length) {
                int b = read();
                if (b < 0) {
                    return n == 0 ? -1 : n;
                }
                bytes[offset + n++] = (byte) b;
            }
            return n;
        }
    }
}
