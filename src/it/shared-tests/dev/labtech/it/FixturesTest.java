package dev.labtech.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labtech.junit.LabtechCached;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leaves three cached results: WordFixtures#upper, WordFixtures#length and NumberFixtures#squares. */
@LabtechCached
class FixturesTest {

    @BeforeAll
    static void sayWhichJUnit() {
        System.out.println("running on JUnit Jupiter " + Test.class.getPackage().getImplementationVersion());
    }

    @Test
    void words(WordFixtures words) {
        assertEquals("LABTECH", words.upper("labtech"));
        assertEquals(7, words.length("labtech"));
    }

    @Test
    void numbers(NumberFixtures numbers) {
        assertEquals(List.of(0, 1, 4, 9), numbers.squares(4));
    }
}
