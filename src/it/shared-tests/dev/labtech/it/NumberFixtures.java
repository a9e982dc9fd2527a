package dev.labtech.it;

import dev.labtech.junit.LabtechCached;
import java.util.List;
import java.util.stream.IntStream;

public interface NumberFixtures {

    @LabtechCached
    default List<Integer> squares(int count) {
        return IntStream.range(0, count).map(i -> i * i).boxed().toList();
    }
}
