package dev.labtech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees with no logging configured: one line per event, as much as labtech.output asks. */
class OutputTests {

    interface Fixtures {
        @LabtechCached
        default String word(int n) {
            return "word" + n;
        }

        @LabtechCached
        default String slow(int millis) throws InterruptedException {
            Thread.sleep(millis);
            return "slept";
        }
    }

    @TempDir
    Path directory;

    private Lab lab(Output output) {
        return Lab.builder().storage(new LocalStorage(directory)).output(output).build();
    }

    @Test
    void callsPrintsComputedAndLoadedButNotMemoryReuse() {
        try (StandardOutput out = new StandardOutput()) {
            Fixtures computing = lab(Output.CALLS).fixtures(Fixtures.class);
            computing.word(1);
            computing.word(1);
            lab(Output.CALLS).fixtures(Fixtures.class).word(1);

            assertThat(out.labtechLines()).hasSize(2);
            assertThat(out.labtechLines().get(0)).matches("\\[labtech\\] computed Fixtures#word\\(1\\) in \\d+ ms");
            assertThat(out.labtechLines().get(1))
                    .matches("\\[labtech\\] loaded Fixtures#word\\(1\\) in \\d+ ms \\(computing took \\d+ ms\\)");
        }
    }

    @Test
    void verbosePrintsEveryCallMemoryReuseIncluded() {
        try (StandardOutput out = new StandardOutput()) {
            Fixtures fixtures = lab(Output.VERBOSE).fixtures(Fixtures.class);
            fixtures.word(2);
            fixtures.word(2);

            assertThat(out.labtechLines()).hasSize(2);
            assertThat(out.labtechLines().get(1))
                    .matches("\\[labtech\\] reused Fixtures#word\\(2\\) from memory \\(computing took \\d+ ms\\)");
        }
    }

    @Test
    void summaryPrintsNoLinePerCall() {
        try (StandardOutput out = new StandardOutput()) {
            Fixtures fixtures = lab(Output.SUMMARY).fixtures(Fixtures.class);
            fixtures.word(3);
            fixtures.word(3);

            assertThat(out.labtechLines()).isEmpty();
        }
    }

    @Test
    void afterTwentyCallLinesTheRestAreOnlyCounted() {
        try (StandardOutput out = new StandardOutput()) {
            Lab lab = lab(Output.CALLS);
            Fixtures fixtures = lab.fixtures(Fixtures.class);
            for (int i = 0; i < 30; i++) {
                fixtures.word(100 + i);
            }

            assertThat(out.labtechLines()).hasSize(Lab.CALL_LINES + 1);
            assertThat(out.labtechLines().get(Lab.CALL_LINES)).isEqualTo("[labtech] further computed and loaded "
                    + "fixtures are counted in the summary (labtech.output=verbose prints every call)");
            assertThat(lab.statistics().computed()).isEqualTo(30);
        }
    }

    @Test
    void aLongComputationSaysSoWhileItRuns() throws Exception {
        try (StandardOutput out = new StandardOutput()) {
            lab(Output.CALLS).fixtures(Fixtures.class).slow(2_600);

            assertThat(out.labtechLines()).hasSize(2);
            assertThat(out.labtechLines().get(0)).matches("\\[labtech\\] computing Fixtures#slow\\(2600\\)… \\(2\\.\\d\\d s so far\\)");
            assertThat(out.labtechLines().get(1)).matches("\\[labtech\\] computed Fixtures#slow\\(2600\\) in 2\\.6\\d s");
        }
    }

    @Test
    void oneComputeDurationEverywhereMetadataLogAndListing() throws Exception {
        AtomicReference<CallReport> computed = new AtomicReference<>();
        AtomicReference<CallReport> loaded = new AtomicReference<>();
        try (StandardOutput out = new StandardOutput()) {
            lab(Output.CALLS).fixtures(Fixtures.class, computed::set).slow(120);
            lab(Output.CALLS).fixtures(Fixtures.class, loaded::set).slow(120);

            List<CachedResult> listed = lab(Output.CALLS).cachedResults();
            assertThat(listed).singleElement().satisfies(entry ->
                    assertThat(entry.computeDuration()).isEqualTo(computed.get().computeDuration()));
            assertThat(loaded.get().computeDuration()).isEqualTo(computed.get().computeDuration());
            String duration = CallReport.format(computed.get().computeDuration());
            assertThat(out.labtechLines().get(0)).endsWith(" in " + duration);
            assertThat(out.labtechLines().get(1)).endsWith("(computing took " + duration + ")");
        }
    }
}
