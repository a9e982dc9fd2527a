package dev.labtech.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.CachedResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryFilterTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static CachedResult result(String fixture, Instant created) {
        return new CachedResult("json__" + fixture.replace('#', '-') + "__" + "0".repeat(40), fixture,
                "com.example." + fixture.substring(0, fixture.indexOf('#')), "", "int", "[]", 10,
                created, Duration.ofSeconds(1), "dev.labtech.cache.JsonCache", Optional.empty(), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
        "ModelFixtures, ModelFixtures#model, true",
        "ModelFixtures#model, ModelFixtures#model, true",
        "ModelFixtures#data, ModelFixtures#model, false",
        "Model, ModelFixtures#model, false",
        "'Other, ModelFixtures', ModelFixtures#model, true",
    })
    void fixtureFiltersMatchAnInterfaceOrOneMethod(String filter, String fixture, boolean matches)
            throws MojoFailureException {
        assertThat(EntryFilter.parse(filter, null).matches(result(fixture, NOW), NOW)).isEqualTo(matches);
    }

    @Test
    void aDamagedEntryMatchesByTheFixtureInItsKey() throws MojoFailureException {
        CachedResult damaged = CachedResult.damaged("json__ModelFixtures-model__" + "0".repeat(40), "ModelFixtures#model", 3, "broken");

        assertThat(EntryFilter.parse("ModelFixtures#model", null).matches(damaged, NOW)).isTrue();
        assertThat(EntryFilter.parse("OtherFixtures", null).matches(damaged, NOW)).isFalse();
        assertThat(EntryFilter.parse(null, "P7D").matches(damaged, NOW)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"P7D, 8, true", "P7D, 6, false", "P1W, 8, true", "PT12H, 1, true", "p7d, 8, true"})
    void olderThanTakesIsoDurations(String age, int daysAgo, boolean matches) throws MojoFailureException {
        CachedResult result = result("ModelFixtures#model", NOW.minus(Duration.ofDays(daysAgo)));

        assertThat(EntryFilter.parse(null, age).matches(result, NOW)).isEqualTo(matches);
    }

    @Test
    void aFixtureNoStoredResultHasIsNamedWithTheNearestStoredOnes() throws MojoFailureException {
        List<CachedResult> stored = List.of(result("SearchFixtures#index", NOW), result("SearchFixtures#query", NOW),
                result("ModelFixtures#model", NOW));

        assertThat(EntryFilter.parse("SearchFixture#index,ModelFixtures,Nothing", null).unmatchedFixtures(stored))
                .containsExactly("No stored fixture is named SearchFixture#index; the nearest stored: SearchFixtures#index, "
                                + "SearchFixtures#query, ModelFixtures#model",
                        "No stored fixture is named Nothing; the nearest stored: ModelFixtures#model, SearchFixtures#index, "
                                + "SearchFixtures#query");
        assertThat(EntryFilter.parse("SearchFixtures#index", null).unmatchedFixtures(stored)).isEmpty();
        assertThat(EntryFilter.parse("Any", null).unmatchedFixtures(List.of()))
                .containsExactly("No stored fixture is named Any; the storage holds none");
    }

    @Test
    void invalidFiltersNameTheParameterAndTheValue() {
        assertThatThrownBy(() -> EntryFilter.parse(null, "P1M"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("Invalid value 'P1M' for labtech.olderThan: expected an ISO-8601 duration in days, hours, "
                        + "minutes or seconds, such as P7D, P2W or PT12H");
        assertThatThrownBy(() -> EntryFilter.parse("Model Fixtures", null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("Invalid value 'Model Fixtures' for labtech.fixture: 'Model Fixtures' is neither");
    }
}
