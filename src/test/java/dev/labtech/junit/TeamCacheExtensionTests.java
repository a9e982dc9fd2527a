package dev.labtech.junit;

import static dev.labtech.junit.EngineRuns.run;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.storage.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** labtech.remote through the real JUnit engine, against a real S3 API server on 127.0.0.1. */
class TeamCacheExtensionTests {

    static final AtomicInteger COMPUTED = new AtomicInteger();

    interface Fixtures {
        @LabtechCached
        default Map<String, List<Integer>> index(int size) {
            COMPUTED.incrementAndGet();
            return Map.of("size", List.of(size), "squares", Stream.iterate(0, i -> i < size, i -> i + 1)
                    .map(i -> i * i).toList());
        }
    }

    @LabtechCached
    static class IndexTestCase {
        @Test
        void index(Fixtures fixtures) {
            assertEquals(List.of(0, 1, 4, 9), fixtures.index(4).get("squares"));
        }
    }

    static S3Server server;

    @TempDir
    Path ciDirectory;
    @TempDir
    Path laptopDirectory;

    @BeforeAll
    static void connect() throws Exception {
        server = S3Server.shared();
    }

    @BeforeEach
    void reset() {
        COMPUTED.set(0);
    }

    private String[] remote(String prefix, String... more) {
        String[] parameters = {LabtechCached.REMOTE_PROPERTY_NAME, "s3://" + S3Server.BUCKET + "/" + prefix,
            LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME, server.endpoint().toString(),
            LabtechCached.REMOTE_REGION_PROPERTY_NAME, "us-east-1"};
        return Stream.concat(Stream.of(parameters), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void aLaptopLoadsWhatAnotherMachinePushedComputingNothing() throws IOException {
        EngineExecutionResults first = runCaching(IndexTestCase.class, ciDirectory,
                remote("engine", LabtechCached.REMOTE_PUSH_PROPERTY_NAME, "true"));
        first.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(COMPUTED).hasValue(1);

        EngineExecutionResults second = runCaching(IndexTestCase.class, laptopDirectory,
                remote("engine", LabtechCached.REMOTE_PUSH_PROPERTY_NAME, "false"));

        second.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(COMPUTED).as("loaded from the team cache").hasValue(1);
        assertThat(entries(laptopDirectory)).as("downloaded into the laptop's directory").hasSize(1);
    }

    @Test
    void onCiResultsGoToAThrowAwayDirectoryAndAreUploaded() throws IOException {
        // Surefire runs every test with CI=true, as CI does; labtech.storage is not set.
        Path unused = ciDirectory.resolve("never-created");
        EngineExecutionResults onCi = run(IndexTestCase.class,
                remote("ci", LabtechCached.STORAGE_DIR_PROPERTY_NAME, unused.toString()));
        onCi.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(unused).doesNotExist();
        assertThat(COMPUTED).hasValue(1);

        EngineExecutionResults onLaptop = runCaching(IndexTestCase.class, laptopDirectory, remote("ci"));

        onLaptop.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(COMPUTED).as("CI pushed by default").hasValue(1);
    }

    @Test
    void anUnreachableTeamCacheFailsNoTest() {
        EngineExecutionResults results = runCaching(IndexTestCase.class, laptopDirectory,
                LabtechCached.REMOTE_PROPERTY_NAME, "s3://" + S3Server.BUCKET + "/gone",
                LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME, "http://127.0.0.1:9",
                LabtechCached.REMOTE_REGION_PROPERTY_NAME, "us-east-1",
                LabtechCached.REMOTE_TIMEOUT_PROPERTY_NAME, "1");

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(COMPUTED).hasValue(1);
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(child -> !child.getFileName().toString().startsWith(".")).toList();
        }
    }
}
