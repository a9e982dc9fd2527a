package dev.labtech.maven;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
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
        List<CachedResult> all = lab.cachedResults();
        filter.unmatchedFixtures(all).forEach(log::warn);
        return remove(all.stream().filter(result -> filter.matches(result, now)).toList(), filter.describe());
    }

    /**
     * Removes results the filter selects until all the storage's results together take at most
     * {@code maxBytes}: stale ones first, then those saving the least computing time per byte
     * ({@link Lab#toFit}).
     */
    Outcome trim(EntryFilter filter, Instant now, long maxBytes) {
        List<CachedResult> all = lab.cachedResults();
        filter.unmatchedFixtures(all).forEach(log::warn);
        List<CachedResult> selected = Lab.toFit(all, result -> filter.matches(result, now),
                result -> filter.staleReason(result).isPresent(), maxBytes);
        return remove(selected, filter.describe() + ", stale ones first, then those saving the least computing time "
                + "per byte, to stay within " + Sizes.format(maxBytes));
    }

    private Outcome remove(List<CachedResult> selected, String description) {
        if (!selected.isEmpty() && lab.storage().isReadOnly()) {
            log.warn(lab.storage().describe() + " cannot be written, so none of the " + selected.size() + " cached result"
                    + (selected.size() == 1 ? "" : "s") + description + " ("
                    + Sizes.format(selected.stream().mapToLong(result -> Math.max(0, result.sizeBytes())).sum())
                    + ") could be removed. Nothing was changed.");
            return new Outcome(0, 0, selected.size());
        }
        Lab.Deletion deletion = lab.delete(selected);
        deletion.deleted().forEach(result -> log.debug("Removed " + result.key()));
        deletion.failed().forEach((result, e) -> log.warn("Could not remove " + result.key() + ": " + e.getMessage()));
        int removed = deletion.deleted().size();
        int failed = deletion.failed().size();
        long bytes = deletion.bytes();
        String where = lab.storage().describe();
        if (removed == 0 && failed == 0) {
            log.info("Nothing to clear" + description + " in " + where + ".");
        } else {
            log.info("Removed " + removed + " cached result" + (removed == 1 ? "" : "s") + description
                    + " (" + Sizes.format(bytes) + ") from " + where + "."
                    + (failed > 0 ? " " + failed + " could not be removed." : ""));
        }
        return new Outcome(removed, bytes, failed);
    }
}
