package dev.labtech.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;

/** One of three test classes, each run in a JVM of its own: it computes, or loads, two results. */
@LabtechCached
class TwoTest {

    interface TwoFixtures {
        @LabtechCached
        default String name(int times) {
            return "Two".repeat(times);
        }
    }

    @Test
    void names(TwoFixtures fixtures) {
        assertEquals("TwoTwo", fixtures.name(2));
        assertEquals("Two", fixtures.name(1));
        assertEquals("Two", fixtures.name(1));
    }
}
