package dev.labtech.processes;

import dev.labtech.Lab;
import dev.labtech.cache.BinaryCache;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads {@link Fixtures#values} from the directory given: the parent has put a hostile data.bin there. */
public final class UnloadedClassProgram {

    public interface Fixtures {
        @LabtechCached(cache = BinaryCache.class)
        default ArrayList<Object> values(int count) {
            System.out.println("computed");
            return new ArrayList<>(List.of("v", count));
        }
    }

    public static void main(String[] arguments) {
        List<Object> values = new Lab(new LocalStorage(Path.of(arguments[0]))).fixtures(Fixtures.class).values(3);
        System.out.println("values: " + values);
    }
}
