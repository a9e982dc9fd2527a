package dev.labtech.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;

/** One of three test classes, each run in a JVM of its own: it computes, or loads, two results. */
@LabtechCached
class OneTest {

    interface OneFixtures {
        @LabtechCached
        default String name(int times) {
            return "One".repeat(times);
        }
    }

    @Test
    void names(OneFixtures fixtures) {
        assertEquals("OneOne", fixtures.name(2));
        assertEquals("One", fixtures.name(1));
        assertEquals("One", fixtures.name(1));
    }
}
