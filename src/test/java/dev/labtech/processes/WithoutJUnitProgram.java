package dev.labtech.processes;

import dev.labtech.CachedResult;
import dev.labtech.Lab;
import dev.labtech.Mode;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.LocalStorage;
import java.nio.file.Path;
import java.util.List;

/**
 * The "Without JUnit" example of docs/operations.md as a program, run in a JVM whose class path has no JUnit
 * jar: computes, loads in a fresh lab, lists and deletes, printing what happened.
 */
public final class WithoutJUnitProgram {

    interface Fixtures {
        @LabtechCached(version = "1")
        default List<Integer> squares(int count) {
            return java.util.stream.IntStream.range(0, count).map(i -> i * i).boxed().toList();
        }
    }

    public static void main(String[] arguments) throws Exception {
        try {
            Class.forName("org.junit.platform.commons.support.AnnotationSupport");
            System.out.println("JUnit is on the class path");
            System.exit(2);
        } catch (ClassNotFoundException expected) {
            System.out.println("no JUnit on the class path");
        }
        Path directory = Path.of(arguments[0]);
        Lab lab = Lab.builder().storage(new LocalStorage(directory)).mode(Mode.READ_WRITE).build();
        System.out.println("first: " + lab.fixtures(Fixtures.class).squares(4) + " " + lab.statistics().describe());

        Lab fresh = Lab.builder().storage(new LocalStorage(directory)).build();
        System.out.println("second: " + fresh.fixtures(Fixtures.class).squares(4) + " " + fresh.statistics().describe());
        for (CachedResult result : fresh.cachedResults()) {
            System.out.println("listed: " + result.fixture() + " (" + result.arguments() + ")");
        }
        fresh.delete(fresh.cachedResults().get(0).key());
        System.out.println("after delete: " + fresh.cachedResults().size());
    }
}
