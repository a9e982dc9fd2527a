package dev.labtech.maven;

import dev.labtech.Lab;
import dev.labtech.LabtechException;
import dev.labtech.Output;
import dev.labtech.internal.config.Settings;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.Storage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals share: the storage parameters, {@code skip}, and opening the module's lab. */
abstract class AbstractLabtechMojo extends AbstractMojo {

    /**
     * The module's storage directory, as the tests use it: when not set here, the tests'
     * {@code src/test/resources/junit-platform.properties} decides, else {@code .labtech}.
     * Relative to the module's directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.STORAGE_DIR_PROPERTY_NAME)
    String storageDirectory;

    /**
     * The storage: {@code local} (the directory {@code labtech.storage.dir}) or the class name of a
     * {@code dev.labtech.storage.Storage}, found in the module's compiled classes and test classes
     * or in the plugin's dependencies. When not set here, the tests'
     * {@code junit-platform.properties} decides, else {@code local}. The CI detection of the tests
     * does not apply here.
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.STORAGE_PROPERTY_NAME)
    String storage;

    /**
     * Fixtures to act on: {@code ModelFixtures} (every method of the interface) or
     * {@code ModelFixtures#model}, several separated by commas. All when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = Settings.FIXTURE_PARAMETER)
    String fixture;

    /**
     * Act only on results computed longer ago than this ISO-8601 duration, such as {@code P7D}
     * or {@code PT12H}.
     *
     * @since 0.1.0
     */
    @Parameter(property = Settings.OLDER_THAN_PARAMETER)
    String olderThan;

    /**
     * The team cache to act on, {@code s3://bucket/prefix}, instead of the module's directory. Only
     * a value given to the goal ({@code -Dlabtech.remote=...} or the plugin's configuration) does
     * this: a team cache named only in the tests' {@code junit-platform.properties} is left alone,
     * so clearing a laptop's cache never clears the team's. The endpoint, region and timeout come
     * from {@code labtech.remote.endpoint}, {@code labtech.remote.region} and
     * {@code labtech.remote.timeout}, given here or in {@code junit-platform.properties};
     * credentials from the AWS SDK's default chain.
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.REMOTE_PROPERTY_NAME)
    String remote;

    /**
     * The team cache's endpoint, for S3-compatible stores other than AWS ({@code http://minio:9000}).
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME)
    String remoteEndpoint;

    /**
     * The region of the team cache's bucket.
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.REMOTE_REGION_PROPERTY_NAME)
    String remoteRegion;

    /**
     * How long the team cache may take to connect or to send the next bytes ({@code PT5S}).
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.REMOTE_TIMEOUT_PROPERTY_NAME)
    String remoteTimeout;

    /**
     * Skip the goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = Settings.SKIP_PARAMETER, defaultValue = "false")
    boolean skip;

    /** The module's compiled classes, for custom storages. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
    File outputDirectory;

    /** The module's compiled test classes, for custom storages and the copied junit-platform.properties. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true)
    File testOutputDirectory;

    /** The module's directory, which a relative storage directory is relative to. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File basedir;

    /** The module's test class path: the fixtures' code, as the tests saw it. */
    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true)
    List<String> testClasspath;

    /**
     * Act only on stale results: those the current code would not load, because their fixture is
     * gone or its code, version, return type or inputs changed (or a fixture it called did).
     *
     * @since 0.1.0
     */
    @Parameter(property = Settings.STALE_PARAMETER, defaultValue = "false")
    boolean stale;

    private ClassLoader testClasses;

    /** The module's test class path, as a class loader. */
    ClassLoader testClasses() {
        if (testClasses == null) {
            List<String> elements = new ArrayList<>();
            if (testClasspath != null) {
                elements.addAll(testClasspath);
            }
            if (outputDirectory != null) {
                elements.add(outputDirectory.getPath());
            }
            if (testOutputDirectory != null) {
                elements.add(testOutputDirectory.getPath());
            }
            testClasses = ModuleClasses.of(elements);
        }
        return testClasses;
    }

    /** The module's test resources, where junit-platform.properties lives. */
    @Parameter(defaultValue = "${project.testResources}", readonly = true)
    List<Resource> testResources;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping labtech:" + goal() + " because labtech.skip is set.");
            return;
        }
        Settings settings = settings();
        Optional<Storage> opened = isSet(remote) ? Optional.of(openRemote(settings)) : openStorage(settings);
        if (opened.isEmpty()) {
            return;
        }
        try {
            Lab lab = Lab.builder().storage(opened.get()).defaultCache(settings.defaultCache())
                    .invalidation(settings.invalidation()).output(Output.SUMMARY).build();
            ClassLoader classes = testClasses();
            EntryFilter filter = EntryFilter.parse(fixture, olderThan, stale, result -> lab.whyStale(result, classes));
            run(lab, filter);
            if (!isSet(remote)) {
                mentionTheTestsTeamCache(settings);
            }
        } catch (Settings.Invalid e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (LabtechException e) {
            throw new MojoExecutionException("labtech:" + goal() + " failed on " + opened.get().describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The goal's name, for log lines. */
    abstract String goal();

    /** Does the goal's work on an existing storage. */
    abstract void run(Lab lab, EntryFilter filter) throws MojoExecutionException, MojoFailureException;

    /** Logs why there is nothing to do when the storage is missing or stores nothing. */
    abstract void nothingStored(String where);

    /** The bucket {@code -Dlabtech.remote} names; its trouble fails the goal, which was asked to act on it. */
    private Storage openRemote(Settings settings) throws MojoFailureException, MojoExecutionException {
        try {
            return settings.remote(false).orElseThrow().connect();
        } catch (Settings.Invalid e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            throw new MojoExecutionException("Cannot connect to the team cache " + remote + ": " + e.getMessage(), e);
        }
    }

    /** Says how to act on the team cache the tests use, when they use one. */
    private void mentionTheTestsTeamCache(Settings settings) {
        try {
            settings.remote(false).ifPresent(teamCache -> getLog().info("The tests' team cache " + teamCache.uri()
                    + " is left alone; add -Dlabtech.remote=" + teamCache.uri() + " to " + goal() + " it."));
        } catch (LabtechException e) {
            getLog().debug("The tests' team cache setting is unusable: " + e.getMessage());
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private Optional<Storage> openStorage(Settings settings) throws MojoFailureException {
        Settings.StorageChoice choice;
        Path directory;
        try {
            choice = settings.storageChoice(Optional.empty());
            directory = settings.directory();
        } catch (Settings.Invalid e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        String kind = settings.storageName().map(name -> name.toLowerCase(Locale.ROOT)).orElse("local");
        if (kind.equals("null")) {
            nothingStored("labtech.storage is null");
            return Optional.empty();
        }
        if (kind.equals("local") && !Files.isDirectory(directory)) {
            nothingStored(directory + (Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? " is a file, not a directory (labtech.storage.dir)" : " does not exist"));
            return Optional.empty();
        }
        return Optional.of(choice.create(directory));
    }

    /**
     * The tests' configuration: this goal's parameters (from {@code -D} or the plugin's
     * configuration) first, then {@code junit-platform.properties} from the test resources, then
     * from the compiled test classes.
     */
    private Settings settings() throws MojoFailureException {
        Map<String, String> explicit = new HashMap<>();
        if (storageDirectory != null) {
            explicit.put(LabtechCached.STORAGE_DIR_PROPERTY_NAME, storageDirectory);
        }
        if (storage != null) {
            explicit.put(LabtechCached.STORAGE_PROPERTY_NAME, storage);
        }
        if (isSet(remote)) {
            explicit.put(LabtechCached.REMOTE_PROPERTY_NAME, remote);
        }
        if (remoteEndpoint != null) {
            explicit.put(LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME, remoteEndpoint);
        }
        if (remoteRegion != null) {
            explicit.put(LabtechCached.REMOTE_REGION_PROPERTY_NAME, remoteRegion);
        }
        if (remoteTimeout != null) {
            explicit.put(LabtechCached.REMOTE_TIMEOUT_PROPERTY_NAME, remoteTimeout);
        }
        List<Path> propertyDirectories = new ArrayList<>();
        if (testResources != null) {
            testResources.forEach(resource -> propertyDirectories.add(Path.of(resource.getDirectory())));
        }
        if (testOutputDirectory != null) {
            propertyDirectories.add(testOutputDirectory.toPath());
        }
        try {
            return new Settings(Settings.withPropertiesFiles(name -> Optional.ofNullable(explicit.get(name)),
                    propertyDirectories), basedir.toPath(), testClasses());
        } catch (LabtechException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
