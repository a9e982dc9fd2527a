package dev.labtech.maven;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Lists the module's cached results, one line each — fixture, arguments, size, when it was
 * computed and how long that took — then totals. Damaged entries are listed as such.
 *
 * <pre>
 * mvn labtech:list
 * mvn labtech:list -Dlabtech.fixture=ModelFixtures
 * </pre>
 *
 * @since 0.1.0
 */
@Mojo(name = "list", threadSafe = true, requiresProject = true)
public class ListMojo extends AbstractLabtechMojo {

    @Override
    String goal() {
        return "list";
    }

    @Override
    void run(Lab lab, EntryFilter filter) {
        Instant now = Instant.now();
        List<CachedResult> results = lab.cachedResults().stream().filter(result -> filter.matches(result, now)).toList();
        getLog().info("Cached results" + filter.describe() + " in " + lab.storage().describe() + ":");
        for (String line : new Listing(ZoneId.systemDefault()).lines(results)) {
            getLog().info("  " + line);
        }
    }

    @Override
    void nothingStored(String where) {
        getLog().info("No cached results: " + where + ".");
    }
}
