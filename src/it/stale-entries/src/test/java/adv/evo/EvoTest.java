package adv.evo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;

@LabtechCached
class EvoTest {
    @Test
    void both(EvoFix fixtures) {
        assertTrue(fixtures.a(1) > 0);
        assertTrue(fixtures.b(1) > 0);
    }
}
