package dev.labtech.maven;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
import dev.labtech.internal.config.Settings;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Lists the module's cached results on standard output, one line each — fixture, arguments,
 * version, return type, size, when it was computed and how long that took — then totals; or, with
 * {@code -Dlabtech.format=json}, as JSON. Damaged entries are listed as such.
 *
 * <ul>
 * <li>{@code mvn labtech:list}: everything, as a table</li>
 * <li>{@code mvn labtech:list -Dlabtech.fixture=ModelFixtures}: one fixture interface's results</li>
 * <li>{@code mvn labtech:list -Dlabtech.format=json -Dlabtech.outputFile=target/labtech/list.json}: for a script</li>
 * </ul>
 *
 * @since 0.1.0
 */
@Mojo(name = "list", threadSafe = true, requiresProject = true, requiresDependencyResolution = ResolutionScope.TEST)
public class ListMojo extends AbstractLabtechMojo {

    @Override
    String goal() {
        return "list";
    }

    /**
     * {@code table} (aligned, for people) or {@code json} (an array of objects, for scripts).
     *
     * @since 0.1.0
     */
    @Parameter(property = Settings.FORMAT_PARAMETER, defaultValue = "table")
    String format;

    /**
     * A file to write the listing to instead of standard output (its directories are created), as
     * {@code dependency:build-classpath -Dmdep.outputFile} does: what a script reads, free of
     * anything else Maven prints.
     *
     * @since 0.1.0
     */
    @Parameter(property = Settings.OUTPUT_FILE_PARAMETER)
    java.io.File outputFile;

    /** Standard output: the table is what the goal is for, so it shows under {@code mvn -q} too. */
    PrintStream out = System.out;

    @Override
    void run(Lab lab, EntryFilter filter) throws MojoExecutionException {
        Instant now = Instant.now();
        List<CachedResult> all = lab.cachedResults();
        filter.unmatchedFixtures(all).forEach(getLog()::warn);
        List<CachedResult> results = all.stream().filter(result -> filter.matches(result, now)).toList();
        Listing listing = new Listing(ZoneId.systemDefault());
        StringBuilder text = new StringBuilder();
        switch (format == null ? "table" : format.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> text.append(listing.json(results, filter::staleReason)).append('\n');
            case "table" -> {
                text.append("Cached results").append(filter.describe()).append(" in ").append(lab.storage().describe())
                        .append(":\n");
                for (String line : listing.lines(results, filter::staleReason)) {
                    text.append("  ").append(line).append('\n');
                }
            }
            default -> throw new MojoExecutionException("Invalid value '" + format
                    + "' for labtech.format: expected table or json");
        }
        if (outputFile == null) {
            out.print(text);
            out.flush();
            return;
        }
        java.nio.file.Path file = outputFile.toPath().toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            throw new MojoExecutionException("Cannot write the listing to labtech.outputFile " + file + ": " + e, e);
        }
        getLog().info("Wrote the listing of " + results.size() + " cached result" + (results.size() == 1 ? "" : "s")
                + " to " + file);
    }

    @Override
    void nothingStored(String where) {
        getLog().info("No cached results: " + where + ".");
    }
}
