package dev.labtech.maven;

import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Deletes cached results from the module's storage, keeping its {@code .gitignore}, and prints how
 * many results and bytes it removed.
 *
 * <ul>
 * <li>{@code mvn labtech:clear}: everything</li>
 * <li>{@code mvn labtech:clear -Dlabtech.fixture=ModelFixtures#model}: one fixture's results</li>
 * <li>{@code mvn labtech:clear -Dlabtech.olderThan=P7D}: what was computed more than a week ago</li>
 * <li>{@code mvn labtech:clear -Dlabtech.stale}: only what the current code would not load</li>
 * <li>{@code mvn labtech:clear -Dlabtech.maxSize=2GB}: down to 2 GB, stale results first, then those saving the least computing time per byte</li>
 * </ul>
 *
 * <p>Folders in the storage directory that are not cache entries are left alone; damaged entries
 * are removed.
 *
 * @since 0.1.0
 */
@Mojo(name = "clear", threadSafe = true, requiresProject = true, requiresDependencyResolution = ResolutionScope.TEST)
public class ClearMojo extends AbstractLabtechMojo {

    @Override
    String goal() {
        return "clear";
    }

    /**
     * Instead of removing everything the filters select, remove only as much of it as needed for
     * the storage to hold at most this much ({@code 2GB}, {@code 500MB}, {@code 10kB}, bytes):
     * stale results first, then those saving the least computing time per byte, the least recently
     * used first among equals. Only a value given to the goal does this; the tests' own
     * {@code labtech.maxSize} bounds the directory at the end of each test run.
     *
     * @since 0.1.0
     */
    @Parameter(property = LabtechCached.MAX_SIZE_PROPERTY_NAME)
    String maxSize;

    @Override
    void run(Lab lab, EntryFilter filter) throws MojoExecutionException, MojoFailureException {
        Cleaner cleaner = new Cleaner(lab, getLog());
        if (maxSize != null && !maxSize.isBlank()) {
            Cleaner.Outcome outcome = cleaner.trim(filter, Instant.now(), Sizes.parse(maxSize));
            removeStaleNotes(lab);
            failIfAnyRemained(lab, outcome);
            return;
        }
        Cleaner.Outcome outcome = cleaner.clear(filter, Instant.now());
        if (filter.isEverything() && lab.storage() instanceof LocalStorage local && !local.isReadOnly()) {
            removeLeftovers(local);
        }
        removeStaleNotes(lab);
        failIfAnyRemained(lab, outcome);
    }

    /** The notes of which entry holds each call (what explains a miss) for the entries just removed. */
    private void removeStaleNotes(Lab lab) {
        if (lab.storage() instanceof LocalStorage local && !local.isReadOnly()) {
            try {
                local.removeStaleNotes();
            } catch (IOException e) {
                getLog().debug("Could not remove the notes of removed entries from " + local.describe() + ": " + e);
            }
        }
    }

    /** A clear that could not do what it was asked fails the build, as {@code mvn clean} does. */
    private static void failIfAnyRemained(Lab lab, Cleaner.Outcome outcome) throws MojoExecutionException {
        if (outcome.failed() > 0) {
            throw new MojoExecutionException(outcome.failed() + " cached result" + (outcome.failed() == 1 ? "" : "s")
                    + " could not be removed from " + lab.storage().describe() + "; see the warnings above");
        }
    }

    /** Temporary files and half-deleted entries; a minute's grace spares writes in progress right now. */
    private void removeLeftovers(LocalStorage storage) throws MojoExecutionException {
        try {
            storage.removeFreeLocks();
            int removed = storage.removeLeftovers(Duration.ofMinutes(1));
            if (removed > 0) {
                getLog().info("Removed " + removed + " leftover" + (removed == 1 ? "" : "s")
                        + " of interrupted writes and deletions from " + storage.describe() + ".");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot remove leftovers of interrupted writes and deletions from "
                    + storage.describe() + ": " + e, e);
        }
    }

    @Override
    void nothingStored(String where) {
        getLog().info("Nothing to clear: " + where + ".");
    }
}
