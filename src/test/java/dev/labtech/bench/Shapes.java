package dev.labtech.bench;

import dev.labtech.cache.BinaryCache;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.junit.LabtechCached;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The shapes the benchmarks measure, as labtech's own benchmark of PickleCache uses them. */
public final class Shapes {

    /** The million-record shape: a name, an int and a double. */
    public record Rec(String name, int i, double x) implements Serializable {
    }

    public static final int RECORDS = 1_000_000;
    /** 100 MB of doubles. */
    public static final int DOUBLES = 12_500_000;

    private Shapes() {
    }

    public static ArrayList<Rec> records(int count) {
        ArrayList<Rec> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new Rec("point-number-" + i, i, i * 0.5));
        }
        return records;
    }

    public static double[] doubles(int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i * 0.5;
        }
        return values;
    }

    /** The shapes through BinaryCache, the default. */
    public interface BinaryFixtures {
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Rec> records(int count) {
            return Shapes.records(count);
        }

        @LabtechCached(cache = BinaryCache.class)
        default double[] doubles(int count) {
            return Shapes.doubles(count);
        }
    }

    /** The shapes through JsonCache. */
    public interface JsonFixtures {
        @LabtechCached(cache = JsonCache.class)
        default List<Rec> records(int count) {
            return Shapes.records(count);
        }

        @LabtechCached(cache = JsonCache.class)
        default double[] doubles(int count) {
            return Shapes.doubles(count);
        }
    }

    /** The shapes through JavaSerializationCache. */
    public interface JavaFixtures {
        @LabtechCached(cache = JavaSerializationCache.class)
        default ArrayList<Rec> records(int count) {
            return Shapes.records(count);
        }

        @LabtechCached(cache = JavaSerializationCache.class)
        default double[] doubles(int count) {
            return Shapes.doubles(count);
        }
    }
}
