package dev.labtech.processes;

import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.junit.LabtechCached;
import java.io.Serializable;
import java.util.Arrays;

/** A result of tens of megabytes, in both cache formats, whose right value anyone can recompute. */
public interface LargeFixtures {

    int SIZE = 3_000_000;

    record Big(int seed, long[] values) implements Serializable {

        static Big of(int seed) {
            long[] values = new long[SIZE];
            for (int i = 0; i < values.length; i++) {
                values[i] = i * 31L + seed;
            }
            return new Big(seed, values);
        }

        boolean isRight() {
            return Arrays.equals(values, of(seed).values);
        }
    }

    @LabtechCached(cache = JsonCache.class)
    default Big json(int seed) {
        return Big.of(seed);
    }

    @LabtechCached(cache = JavaSerializationCache.class)
    default Big serialized(int seed) {
        return Big.of(seed);
    }
}
