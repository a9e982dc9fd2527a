package dev.labtech.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;

/** One of three test classes, each run in a JVM of its own: it computes, or loads, two results. */
@LabtechCached
class ThreeTest {

    interface ThreeFixtures {
        @LabtechCached
        default String name(int times) {
            return "Three".repeat(times);
        }
    }

    @Test
    void names(ThreeFixtures fixtures) {
        assertEquals("ThreeThree", fixtures.name(2));
        assertEquals("Three", fixtures.name(1));
        assertEquals("Three", fixtures.name(1));
    }
}
