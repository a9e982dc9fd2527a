package dev.labtech.junit;

import dev.labtech.CallReport;
import dev.labtech.Lab;
import dev.labtech.internal.ByteCounts;
import dev.labtech.internal.Console;
import dev.labtech.internal.JsonText;
import dev.labtech.storage.LayeredStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import tools.jackson.core.JsonGenerator;

/**
 * The labs of a launcher session, one per storage directory: two labs over one directory would
 * hold the same results twice and could not see each other's fixture cycles. At the end of the
 * session it prints one summary and writes it as JSON; {@link LabtechSessionListener} ends it,
 * or, under a launcher that does not load the listener, closing the session's store does.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit 5 closing it
final class SessionLabs implements AutoCloseable, org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource {

    /** How many fixtures the summary names. */
    static final int TOP = 3;

    private final Map<Path, Lab> labs = new ConcurrentHashMap<>();
    private final AtomicBoolean summarized = new AtomicBoolean();
    private volatile Optional<String> summaryFile = Optional.empty();

    /** The lab for the directory {@code configuration} names, built from it if there is none yet. */
    Lab lab(LabtechConfiguration configuration) {
        return labs.computeIfAbsent(configuration.directory(), ignored -> configuration.createLab());
    }

    /** The {@code labtech.summary.file} parameter, as the first test of the session saw it. */
    void summaryFile(Optional<String> value) {
        if (summaryFile.isEmpty() && value.isPresent()) {
            summaryFile = value;
        }
    }

    @Override
    public void close() {
        summarize();
    }

    /** Prints the run summary and writes it as JSON, once. */
    void summarize() {
        if (!summarized.compareAndSet(false, true)) {
            return;
        }
        List<Map.Entry<Path, Lab>> used = labs.entrySet().stream()
                .filter(entry -> calls(entry.getValue().statistics()) > 0).collect(Collectors.toList());
        for (Map.Entry<Path, Lab> entry : used) {
            Lab lab = entry.getValue();
            Lab.Statistics statistics = lab.statistics();
            Console.info(statistics.describe() + " (" + lab.storage().describe() + ")");
            transfers(lab).ifPresent(transfers -> Console.info("team cache: " + describe(transfers)));
            String top = statistics.fixtures().stream().limit(TOP).map(SessionLabs::describe)
                    .collect(Collectors.joining("; "));
            if (!top.isEmpty()) {
                Console.info("most time: " + top);
            }
        }
        if (!used.isEmpty()) {
            writeJson(used);
        }
    }

    /** What moved between the lab's storage and its team cache, if it has one. */
    private static Optional<LayeredStorage.Transfers> transfers(Lab lab) {
        return lab.storage() instanceof LayeredStorage layered ? Optional.of(layered.transfers()) : Optional.empty();
    }

    /** {@code 2 downloaded (14.2 MB), 0 uploaded}. */
    private static String describe(LayeredStorage.Transfers transfers) {
        return transfers.downloads() + " downloaded" + bytes(transfers.downloadedBytes()) + ", "
                + transfers.uploads() + " uploaded" + bytes(transfers.uploadedBytes());
    }

    private static String bytes(long count) {
        return count == 0 ? "" : " (" + ByteCounts.format(count) + ")";
    }

    private static long calls(Lab.Statistics statistics) {
        return statistics.computed() + statistics.loaded() + statistics.reused();
    }

    /** {@code SpamFixtures#classifier: 3 loaded, saved 16.6 s}. */
    private static String describe(Lab.FixtureStatistics fixture) {
        List<String> parts = new ArrayList<>();
        if (fixture.computed() > 0) {
            parts.add(fixture.computed() + " computed in " + CallReport.format(fixture.computing()));
        }
        if (fixture.loaded() > 0) {
            parts.add(fixture.loaded() + " loaded, saving " + CallReport.format(fixture.saved()));
        }
        if (fixture.reused() > 0) {
            parts.add(fixture.reused() + " reused");
        }
        return fixture.fixture() + ": " + String.join(", ", parts);
    }

    private void writeJson(List<Map.Entry<Path, Lab>> used) {
        Optional<Path> file = summaryPath();
        if (file.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.get().toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file.get()); JsonGenerator json = JsonText.generator(out)) {
                json.writeStartObject();
                json.writeName("labs");
                json.writeStartArray();
                for (Map.Entry<Path, Lab> entry : used) {
                    Lab.Statistics statistics = entry.getValue().statistics();
                    json.writeStartObject();
                    json.writeStringProperty("storage", entry.getValue().storage().describe());
                    counts(json, statistics.computed(), statistics.loaded(), statistics.reused(), statistics.computing(),
                            statistics.saved());
                    Optional<LayeredStorage.Transfers> transfers = transfers(entry.getValue());
                    if (transfers.isPresent()) {
                        json.writeName("team_cache");
                        json.writeStartObject();
                        json.writeNumberProperty("downloads", transfers.get().downloads());
                        json.writeNumberProperty("downloaded_bytes", transfers.get().downloadedBytes());
                        json.writeNumberProperty("uploads", transfers.get().uploads());
                        json.writeNumberProperty("uploaded_bytes", transfers.get().uploadedBytes());
                        json.writeEndObject();
                    }
                    json.writeName("fixtures");
                    json.writeStartArray();
                    for (Lab.FixtureStatistics fixture : statistics.fixtures()) {
                        json.writeStartObject();
                        json.writeStringProperty("fixture", fixture.fixture());
                        counts(json, fixture.computed(), fixture.loaded(), fixture.reused(), fixture.computing(),
                                fixture.saved());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        } catch (IOException | RuntimeException e) {
            Console.warning("could not write the run summary to " + file.get() + ": " + e);
        }
    }

    private static void counts(JsonGenerator json, long computed, long loaded, long reused, Duration computing,
                               Duration saved) {
        json.writeNumberProperty("computed", computed);
        json.writeNumberProperty("loaded", loaded);
        json.writeNumberProperty("reused", reused);
        json.writeName("computing_seconds");
        json.writeNumber(BigDecimal.valueOf(computing.toNanos(), 9).stripTrailingZeros());
        json.writeName("saved_seconds");
        json.writeNumber(BigDecimal.valueOf(saved.toNanos(), 9).stripTrailingZeros());
    }

    private Optional<Path> summaryPath() {
        Optional<String> configured = summaryFile.map(String::trim);
        if (configured.isPresent()) {
            return configured.get().equalsIgnoreCase("none") || configured.get().isEmpty() ? Optional.empty()
                    : Optional.of(Path.of(configured.get()));
        }
        return Files.isDirectory(Path.of("target")) ? Optional.of(Path.of("target", "labtech", "summary.json"))
                : Optional.empty();
    }
}
