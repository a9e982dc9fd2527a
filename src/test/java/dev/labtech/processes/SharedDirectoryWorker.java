package dev.labtech.processes;

import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One of several JVMs sharing a storage directory: {@code <directory> <lock|no-lock> <computations log>}.
 * Asks for four keys in three rounds, each round with a fresh lab so values come from storage, and
 * exits with 1 on any wrong value or exception.
 */
public final class SharedDirectoryWorker {

    static final int KEYS = 4;

    public interface SlowFixtures {
        @LabtechCached
        default List<Integer> slow(int key) {
            try {
                Files.writeString(Path.of(System.getProperty("computations")), "computed " + key + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(300);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return expected(key);
        }
    }

    static List<Integer> expected(int key) {
        return IntStream.range(0, 50_000).map(i -> i * key).boxed().toList();
    }

    public static void main(String[] arguments) {
        System.setProperty("computations", arguments[2]);
        try {
            for (int round = 0; round < 3; round++) {
                Storage storage = new LocalStorage(Path.of(arguments[0]));
                if (arguments[1].equals("no-lock")) {
                    storage = new ForwardingStorage(storage);
                }
                SlowFixtures fixtures = new Lab(storage).fixtures(SlowFixtures.class);
                for (int key = 0; key < KEYS; key++) {
                    if (!fixtures.slow(key).equals(expected(key))) {
                        System.out.println("WRONG VALUE for key " + key);
                        System.exit(1);
                    }
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println("DONE");
    }
}
