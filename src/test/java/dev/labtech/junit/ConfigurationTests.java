package dev.labtech.junit;

import static dev.labtech.junit.EngineRuns.failures;
import static dev.labtech.junit.EngineRuns.run;
import static dev.labtech.junit.EngineRuns.runCaching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.Mode;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.internal.config.RunConfiguration;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.NullStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The labtech.* configuration parameters: values, defaults, precedence and errors. */
class ConfigurationTests {

    @TempDir
    Path directory;

    interface Fixtures {
        @LabtechCached
        default String value(String name) {
            return name.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @LabtechCached
    static class ValueTestCase {
        @Test
        void value(Fixtures fixtures) {
            assertEquals("A", fixtures.value("a"));
        }
    }

    private static RunConfiguration configuration(Map<String, String> parameters, Map<String, String> environment) {
        return LabtechConfiguration.read(name -> Optional.ofNullable(parameters.get(name)), environment::get);
    }

    @ParameterizedTest
    @CsvSource({
        "labtech.mode, sometimes, 'Invalid value ''sometimes'' for configuration parameter ''labtech.mode'': expected one of read_write, read_only, refresh, off'",
        "labtech.storage, cloud, 'Invalid value ''cloud'' for configuration parameter ''labtech.storage'': expected local, null or the name of a class implementing dev.labtech.storage.Storage, but no such class was found'",
        "labtech.storage, java.lang.String, 'Invalid value ''java.lang.String'' for configuration parameter ''labtech.storage'': java.lang.String does not implement dev.labtech.storage.Storage'",
        "labtech.maxSize, two gigabytes, 'Invalid value ''two gigabytes'' for configuration parameter ''labtech.maxSize'': expected a size such as 2GB, 500MB, 10kB or a number of bytes'",
        "labtech.cache.default, yaml, 'Invalid value ''yaml'' for configuration parameter ''labtech.cache.default'': expected binary, json, java or the name of a class implementing dev.labtech.cache.Cache, but no such class was found'",
        "labtech.remote, https://bucket.example.com, 'Invalid value ''https://bucket.example.com'' for configuration parameter ''labtech.remote'': Invalid team cache ''https://bucket.example.com'': expected s3://bucket or s3://bucket/prefix, with a bucket name of 3 to 63 lower-case letters, digits, ''.'' and ''-'''",
        "labtech.remote, s3://team/a b, 'Invalid value ''s3://team/a b'' for configuration parameter ''labtech.remote'': Invalid team cache ''s3://team/a b'': the prefix ''/a b'' must be folder names of letters, digits and !_.*''()- separated by ''/'''",
    })
    void anInvalidValueFailsNamingTheParameterAndTheValue(String parameter, String value, String message) {
        EngineExecutionResults results = runCaching(ValueTestCase.class, directory, parameter, value);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString().endsWith("]: " + message);
        assertThat(directory).isEmptyDirectory();
    }

    @ParameterizedTest
    @CsvSource({
        "labtech.remote.push, sometimes, 'Invalid value ''sometimes'' for configuration parameter ''labtech.remote.push'': expected true or false'",
        "labtech.remote.timeout, -5, 'Invalid value ''-5'' for configuration parameter ''labtech.remote.timeout'': expected seconds (5) or an ISO-8601 duration (PT5S)'",
        "labtech.remote.timeout, PT0S, 'Invalid value ''PT0S'' for configuration parameter ''labtech.remote.timeout'': expected a duration above zero'",
        "labtech.remote.endpoint, localhost:9000, 'Invalid value ''localhost:9000'' for configuration parameter ''labtech.remote.endpoint'': expected an http or https URL such as http://localhost:9000'",
    })
    void anInvalidTeamCacheValueFailsNamingTheParameterAndTheValue(String parameter, String value, String message) {
        EngineExecutionResults results = runCaching(ValueTestCase.class, directory,
                LabtechCached.REMOTE_PROPERTY_NAME, "s3://team-cache/x", parameter, value);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString().endsWith("]: " + message);
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void anEmptyStorageDirectoryIsRefusedRatherThanMeaningTheModuleItself() {
        EngineExecutionResults results = runCaching(ValueTestCase.class, directory,
                LabtechCached.STORAGE_DIR_PROPERTY_NAME, "");

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .contains("Invalid value '' for configuration parameter 'labtech.storage.dir': expected a directory");
        assertThat(directory).isEmptyDirectory();
    }

    /** The module, a directory above it, its sources: none is taken over as a cache, and nothing is written. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "., the module's own directory",
        "'..', a directory the module is in",
        "src/test/cached, inside the module's sources"})
    void aStorageDirectoryThatIsTheModuleOrItsSourcesIsRefused(String value, String why) throws java.io.IOException {
        Path gitignore = Path.of(".gitignore");
        String before = Files.exists(gitignore) ? Files.readString(gitignore) : null;

        EngineExecutionResults results = runCaching(ValueTestCase.class, directory,
                LabtechCached.STORAGE_DIR_PROPERTY_NAME, value);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .contains("Invalid value '" + value + "' for configuration parameter 'labtech.storage.dir': ")
                .contains(why);
        assertThat(Files.exists(gitignore) ? Files.readString(gitignore) : null).isEqualTo(before);
        assertThat(Path.of("src/test/cached")).doesNotExist();
    }

    /** A directory that holds files of its own is not a cache's: refused, and left as it was. */
    @Test
    void aStorageDirectoryHoldingOtherFilesIsRefusedAndLeftAlone() throws java.io.IOException {
        Path project = Files.createDirectories(directory.resolve("other-project"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.writeString(project.resolve(".gitignore"), "target/\n");
        Files.createDirectories(project.resolve("src/main/java"));

        EngineExecutionResults results = runCaching(ValueTestCase.class, directory,
                LabtechCached.STORAGE_DIR_PROPERTY_NAME, project.toString());

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .contains("Invalid value '" + project + "' for configuration parameter 'labtech.storage.dir': ")
                .contains("which is not a labtech cache's own");
        assertThat(project.resolve(".gitignore")).hasContent("target/");
        try (java.util.stream.Stream<Path> files = Files.list(project)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("pom.xml", ".gitignore", "src");
        }
    }

    /** A typo in a key is one warning naming it and the key meant, not silence. */
    @Test
    void anUnknownKeyIsOneWarningNamingTheNearestKnownOne() {
        System.setProperty("labtech.mdoe", "off");
        System.setProperty("labtech.storage.dri", "elsewhere");
        System.setProperty("labtech.colour", "blue");
        try (dev.labtech.LogRecorder log = new dev.labtech.LogRecorder()) {
            runCaching(ValueTestCase.class, directory).testEvents().assertStatistics(stats -> stats.succeeded(1));
            runCaching(ValueTestCase.class, directory.resolve("other")).testEvents().assertStatistics(stats -> stats.succeeded(1));

            assertThat(log.warnings()).filteredOn(warning -> warning.contains("unknown configuration key")).containsExactly(
                    "[labtech] unknown configuration key labtech.colour (a system property) is ignored; labtech reads "
                            + String.join(", ", dev.labtech.internal.config.Settings.knownKeys()),
                    "[labtech] unknown configuration key labtech.mdoe (a system property) is ignored; did you mean labtech.mode?",
                    "[labtech] unknown configuration key labtech.storage.dri (a system property) is ignored; did you mean "
                            + "labtech.storage.dir?");
        } finally {
            System.clearProperty("labtech.mdoe");
            System.clearProperty("labtech.storage.dri");
            System.clearProperty("labtech.colour");
        }
    }

    @Test
    void valuesAreCaseInsensitiveAndAcceptDashes() {
        RunConfiguration configuration = configuration(
                Map.of("labtech.mode", "Read-Only", "labtech.cache.default", "JAVA"), Map.of());

        assertThat(configuration.mode()).isEqualTo(Mode.READ_ONLY);
        assertThat(configuration.defaultCache()).isInstanceOf(JavaSerializationCache.class);
    }

    @Test
    void defaultsAreLocalStorageInDotLabtechReadWriteAndBinary() {
        RunConfiguration configuration = configuration(Map.of(), Map.of());

        assertThat(configuration.mode()).isEqualTo(Mode.READ_WRITE);
        assertThat(configuration.defaultCache()).isInstanceOf(dev.labtech.cache.BinaryCache.class);
        assertThat(configuration.directory()).isEqualTo(Path.of(".labtech").toAbsolutePath());
        assertThat(configuration.storage().create(directory)).isInstanceOf(LocalStorage.class);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "1, true", "yes, true", "false, false", "FALSE, false", "'', false"})
    void ciDetectionFollowsTheCiVariable(String ci, boolean nullStorage) {
        RunConfiguration configuration = configuration(Map.of(), Map.of("CI", ci));

        assertThat(configuration.storage().create(directory))
                .isInstanceOf(nullStorage ? NullStorage.class : LocalStorage.class);
    }

    @Test
    void anExplicitStorageWinsOverCiDetection() {
        RunConfiguration configuration = configuration(Map.of("labtech.storage", "local"), Map.of("CI", "true"));

        assertThat(configuration.storage().create(directory)).isInstanceOf(LocalStorage.class);
    }

    /** A custom storage, selected by class name, built with the configured directory. */
    public static final class DirectoryStorage extends dev.labtech.storage.ForwardingStorage {
        public DirectoryStorage(Path directory) {
            super(new LocalStorage(directory.resolve("custom")));
        }
    }

    @Test
    void aStorageClassNameSelectsACustomStorage() throws Exception {
        EngineExecutionResults results = run(ValueTestCase.class,
                LabtechCached.STORAGE_PROPERTY_NAME, DirectoryStorage.class.getName(),
                LabtechCached.STORAGE_DIR_PROPERTY_NAME, directory.toString());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(EngineRuns.entries(directory.resolve("custom"))).hasSize(1);
    }

    /** A storage that cannot reach its backend. */
    public static final class UnreachableStorage extends dev.labtech.storage.ForwardingStorage {
        public UnreachableStorage() {
            super(new NullStorage());
            throw new IllegalStateException("bucket unreachable");
        }
    }

    @Test
    void aCustomStorageThatFailsToStartMeansMemoryOnlyWithOneWarning() {
        try (dev.labtech.LogRecorder log = new dev.labtech.LogRecorder()) {
            EngineExecutionResults results = run(ValueTestCase.class,
                    LabtechCached.STORAGE_PROPERTY_NAME, UnreachableStorage.class.getName());

            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            assertThat(log.warnings()).singleElement().asString()
                    .isEqualTo("[labtech] creating " + UnreachableStorage.class.getName()
                            + " failed: java.lang.IllegalStateException: bucket unreachable; "
                            + "results are kept in memory only for this run");
        }
    }

    @Test
    void anUnusableDirectoryMeansMemoryOnlyWithOneWarning() throws Exception {
        Path file = java.nio.file.Files.writeString(directory.resolve("a-file"), "not a directory");
        try (dev.labtech.LogRecorder log = new dev.labtech.LogRecorder()) {
            EngineExecutionResults results = runCaching(ValueTestCase.class, file);

            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("[labtech] Cannot use " + file + " as a labtech storage directory")
                    .endsWith("results are kept in memory only for this run");
        }
    }

    @Test
    void configurationIsCheckedBeforeTheDirectoryIsCreated() {
        Path storage = directory.resolve("never-created");

        assertThatThrownBy(() -> configuration(Map.of("labtech.storage.dir", storage.toString(), "labtech.mode", "bogus"),
                Map.of())).isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("labtech.mode");
        assertThat(storage).doesNotExist();
    }
}
