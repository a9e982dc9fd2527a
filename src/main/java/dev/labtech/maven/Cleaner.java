package dev.labtech.maven;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
import dev.labtech.LabtechException;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/** Deletes the cached results a filter selects, and says what it removed. */
final class Cleaner {

    private final Lab lab;
    private final Log log;

    Cleaner(Lab lab, Log log) {
        this.lab = lab;
        this.log = log;
    }

    /** The result of a clear: how many entries and bytes were removed, and how many could not be. */
    record Outcome(int removed, long bytes, int failed) {
    }

    Outcome clear(EntryFilter filter, Instant now) {
        List<CachedResult> selected = lab.cachedResults().stream()
                .filter(result -> filter.matches(result, now))
                .toList();
        int removed = 0;
        int failed = 0;
        long bytes = 0;
        for (CachedResult result : selected) {
            try {
                lab.delete(result.key());
                removed++;
                bytes += Math.max(0, result.sizeBytes());
                log.debug("Removed " + result.key());
            } catch (LabtechException e) {
                failed++;
                log.warn("Could not remove " + result.key() + ": " + e.getMessage());
            }
        }
        String where = lab.storage().describe();
        if (removed == 0 && failed == 0) {
            log.info("Nothing to clear" + filter.describe() + " in " + where + ".");
        } else {
            log.info("Removed " + removed + " cached result" + (removed == 1 ? "" : "s") + filter.describe()
                    + " (" + Sizes.format(bytes) + ") from " + where + "."
                    + (failed > 0 ? " " + failed + " could not be removed." : ""));
        }
        return new Outcome(removed, bytes, failed);
    }
}
