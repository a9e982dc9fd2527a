package dev.labtech.it;

import dev.labtech.junit.LabtechCached;
import java.util.Locale;

public interface WordFixtures {

    @LabtechCached
    default String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }

    @LabtechCached
    default Integer length(String word) {
        return word.length();
    }
}
