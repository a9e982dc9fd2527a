package dev.labtech.maven;

import dev.labtech.Lab;
import dev.labtech.LabtechException;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.Storage;
import java.io.File;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals share: the storage parameters, {@code skip}, and opening the module's lab. */
abstract class AbstractLabtechMojo extends AbstractMojo {

    /**
     * The module's storage directory, as the tests use it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "labtech.storage.dir", defaultValue = "${project.basedir}/.labtech")
    File storageDirectory;

    /**
     * The storage: {@code local} (the directory {@code labtech.storage.dir}) or the class name of a
     * {@code dev.labtech.storage.Storage}, found in the module's compiled classes and test classes
     * or in the plugin's dependencies. The CI detection of the tests does not apply here.
     *
     * @since 0.1.0
     */
    @Parameter(property = "labtech.storage", defaultValue = "local")
    String storage;

    /**
     * Fixtures to act on: {@code ModelFixtures} (every method of the interface) or
     * {@code ModelFixtures#model}, several separated by commas. All when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "labtech.fixture")
    String fixture;

    /**
     * Act only on results computed longer ago than this ISO-8601 duration, such as {@code P7D}
     * or {@code PT12H}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "labtech.olderThan")
    String olderThan;

    /**
     * Skip the goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "labtech.skip", defaultValue = "false")
    boolean skip;

    /** The module's compiled classes, for custom storages. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
    File outputDirectory;

    /** The module's compiled test classes, for custom storages. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true)
    File testOutputDirectory;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping labtech:" + goal() + " because labtech.skip is set.");
            return;
        }
        EntryFilter filter = EntryFilter.parse(fixture, olderThan);
        Optional<Storage> opened = openStorage();
        if (opened.isEmpty()) {
            return;
        }
        try {
            run(new Lab(opened.get()), filter);
        } catch (LabtechException e) {
            throw new MojoExecutionException("labtech:" + goal() + " failed on " + opened.get().describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The goal's name, for log lines. */
    abstract String goal();

    /** Does the goal's work on an existing storage. */
    abstract void run(Lab lab, EntryFilter filter) throws MojoExecutionException;

    /** Logs why there is nothing to do when the storage is missing or stores nothing. */
    abstract void nothingStored(String where);

    private Optional<Storage> openStorage() throws MojoFailureException {
        String kind = storage == null ? "local" : storage.trim().toLowerCase(Locale.ROOT);
        if (kind.equals("local")) {
            if (!storageDirectory.isDirectory()) {
                nothingStored(storageDirectory + " does not exist");
                return Optional.empty();
            }
            return Optional.of(new LocalStorage(storageDirectory.toPath()));
        }
        if (kind.equals("null")) {
            nothingStored("labtech.storage is null");
            return Optional.empty();
        }
        return Optional.of(StorageLoader.load(storage.trim(), storageDirectory.toPath(), outputDirectory,
                testOutputDirectory));
    }
}
