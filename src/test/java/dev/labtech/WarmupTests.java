package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up a new JVM starts: it loads what the first call needs and changes nothing else. */
class WarmupTests {

    @TempDir
    Path directory;

    record Point(String name, int index, double x) {
    }

    interface Fixtures {
        @LabtechCached
        default List<Point> points(int count) {
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                points.add(new Point("point-" + i, i, i / 3.0));
            }
            return points;
        }
    }

    @Test
    void printsNothingAndWritesNothingInTheWorkingDirectory() throws Exception {
        List<Path> before = listed(Path.of(""));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Warmup.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(listed(Path.of(""))).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aCallAfterItComputesThenLoadsTheSameValueAndReportsIt() {
        Warmup.run();
        AtomicReference<CallReport> report = new AtomicReference<>();
        List<Point> computed;
        List<Point> loaded;
        try (StandardOutput out = new StandardOutput()) {
            Lab first = Lab.builder().storage(new LocalStorage(directory)).mode(Mode.READ_WRITE).build();
            computed = first.fixtures(Fixtures.class, report::set).points(300);
            assertThat(report.get().outcome()).isEqualTo(CallReport.Outcome.COMPUTED);
            Lab second = Lab.builder().storage(new LocalStorage(directory)).mode(Mode.READ_WRITE).build();
            loaded = second.fixtures(Fixtures.class, report::set).points(300);
            assertThat(report.get().outcome()).isEqualTo(CallReport.Outcome.LOADED);
            // The warm-up looked up the logger backend: the lines still go to standard output.
            assertThat(out.labtechLines()).hasSize(2);
        }
        assertThat(loaded).isEqualTo(computed).isNotSameAs(computed);
        assertThat(loaded.get(299).getClass()).isEqualTo(Point.class);
        assertThat(loaded.get(299).x()).isEqualTo(299 / 3.0);
    }

    private static List<Path> listed(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(Path::getFileName).toList();
        }
    }
}
