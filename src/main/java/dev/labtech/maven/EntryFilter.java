package dev.labtech.maven;

import dev.labtech.CachedResult;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Which cached results a goal acts on: {@code labtech.fixture} and {@code labtech.olderThan}.
 *
 * <p>A damaged entry has no readable date: it counts as older than any age, since it is never
 * loaded again. Its fixture is the one its key names.
 */
final class EntryFilter {

    private final List<String> fixtures;
    private final Optional<Duration> olderThan;
    private final String olderThanText;
    private final boolean onlyStale;
    private final Function<CachedResult, Optional<String>> whyStale;
    private final Map<String, Optional<String>> staleness = new ConcurrentHashMap<>();

    private EntryFilter(List<String> fixtures, Optional<Duration> olderThan, String olderThanText, boolean onlyStale,
                        Function<CachedResult, Optional<String>> whyStale) {
        this.fixtures = fixtures;
        this.olderThan = olderThan;
        this.olderThanText = olderThanText;
        this.onlyStale = onlyStale;
        this.whyStale = whyStale;
    }

    static EntryFilter parse(String fixture, String olderThan) throws MojoFailureException {
        return parse(fixture, olderThan, false, result -> Optional.empty());
    }

    /**
     * @param onlyStale whether only stale results match ({@code labtech.stale})
     * @param whyStale  why a result is stale, empty if it is current
     */
    static EntryFilter parse(String fixture, String olderThan, boolean onlyStale,
                             Function<CachedResult, Optional<String>> whyStale) throws MojoFailureException {
        List<String> fixtures = new ArrayList<>();
        if (fixture != null) {
            for (String part : fixture.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                String identifier = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
                if (!name.matches(identifier + "([.$]" + identifier + ")*(#" + identifier + ")?")) {
                    throw new MojoFailureException("Invalid value '" + fixture + "' for labtech.fixture: '" + name
                            + "' is neither an interface name (ModelFixtures or com.example.ModelFixtures) nor an "
                            + "interface and method (ModelFixtures#model)");
                }
                fixtures.add(name);
            }
        }
        return new EntryFilter(List.copyOf(fixtures), parseAge(olderThan), olderThan == null ? "" : olderThan.trim(),
                onlyStale, whyStale);
    }

    private static Optional<Duration> parseAge(String value) throws MojoFailureException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim().toUpperCase(java.util.Locale.ROOT);
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException notADuration) {
            try {
                Period period = Period.parse(text);
                if (period.getYears() == 0 && period.getMonths() == 0) {
                    return Optional.of(Duration.ofDays(period.getDays()));
                }
            } catch (DateTimeParseException notAPeriod) {
                // reported below
            }
        }
        throw new MojoFailureException("Invalid value '" + value + "' for labtech.olderThan: expected an ISO-8601 "
                + "duration in days, hours, minutes or seconds, such as P7D, P2W or PT12H");
    }

    boolean isEverything() {
        return fixtures.isEmpty() && olderThan.isEmpty() && !onlyStale;
    }

    boolean matches(CachedResult result, Instant now) {
        return matchesFixture(result) && matchesAge(result, now) && (!onlyStale || staleReason(result).isPresent());
    }

    /** Why the current code would not load {@code result}; worked out once per result. */
    Optional<String> staleReason(CachedResult result) {
        return staleness.computeIfAbsent(result.key(), key -> whyStale.apply(result));
    }

    /**
     * For each fixture asked for that no stored result has, a line saying so with the stored
     * fixtures nearest to it (a typo in {@code labtech.fixture} would otherwise only say "nothing
     * to clear").
     */
    List<String> unmatchedFixtures(List<CachedResult> stored) {
        List<String> lines = new ArrayList<>();
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        stored.forEach(result -> names.add(result.fixture()));
        for (String wanted : fixtures) {
            if (stored.stream().noneMatch(result -> matchesFixture(result, wanted))) {
                String simple = wanted.contains(".") ? wanted.substring(wanted.lastIndexOf('.', wanted.contains("#")
                        ? wanted.indexOf('#') : wanted.length()) + 1) : wanted;
                List<String> nearest = names.stream().sorted(java.util.Comparator.comparingInt((String name) ->
                        dev.labtech.internal.config.Settings.editDistance(simple.toLowerCase(java.util.Locale.ROOT),
                                (simple.contains("#") ? name : name.substring(0, name.indexOf('#'))).toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(java.util.Comparator.naturalOrder())).distinct().limit(3).toList();
                lines.add("No stored fixture is named " + wanted + (nearest.isEmpty() ? "; the storage holds none"
                        : "; the nearest stored: " + String.join(", ", nearest)));
            }
        }
        return lines;
    }

    private boolean matchesFixture(CachedResult result) {
        if (fixtures.isEmpty()) {
            return true;
        }
        for (String wanted : fixtures) {
            if (matchesFixture(result, wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesFixture(CachedResult result, String wanted) {
        // A qualified name (with a package) is matched against the interface's full name.
        String fixture = wanted.substring(0, wanted.contains("#") ? wanted.indexOf('#') : wanted.length()).contains(".")
                ? result.fixtureType() + result.fixture().substring(Math.max(0, result.fixture().indexOf('#')))
                : result.fixture();
        return wanted.contains("#") ? fixture.equals(wanted) : fixture.startsWith(wanted + "#");
    }

    private boolean matchesAge(CachedResult result, Instant now) {
        return olderThan.isEmpty() || result.damaged() || result.created().isBefore(now.minus(olderThan.get()));
    }

    /** {@code of ModelFixtures#model older than P7D}: the filter as a phrase for log lines. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (!fixtures.isEmpty()) {
            text.append(" of ").append(String.join(", ", fixtures));
        }
        if (olderThan.isPresent()) {
            text.append(" older than ").append(olderThanText);
        }
        if (onlyStale) {
            text.append(" that the current code would not load");
        }
        return text.toString();
    }
}
