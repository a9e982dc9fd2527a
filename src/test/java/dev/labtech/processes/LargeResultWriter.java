package dev.labtech.processes;

import dev.labtech.Lab;
import dev.labtech.Mode;
import dev.labtech.storage.ForwardingStorage;
import dev.labtech.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Computes and stores a large result: {@code <directory> <json|java> <mode>}. Prints a marker line
 * when each file write starts and ends, so a test can kill it at a chosen moment and tell where
 * the kill landed.
 */
public final class LargeResultWriter {

    public static void main(String[] arguments) {
        ForwardingStorage marking = new ForwardingStorage(new LocalStorage(Path.of(arguments[0]))) {
            @Override
            public void write(String key, String fileName, ContentWriter content) throws IOException {
                mark("write-start " + fileName);
                super.write(key, fileName, content);
                mark("write-end " + fileName);
            }
        };
        Lab lab = Lab.builder().storage(marking).mode(Mode.parse(arguments[2]).orElseThrow()).build();
        LargeFixtures fixtures = lab.fixtures(LargeFixtures.class);
        LargeFixtures.Big big = arguments[1].equals("json") ? fixtures.json(7) : fixtures.serialized(7);
        if (!big.isRight()) {
            System.out.println("WRONG VALUE");
            System.exit(2);
        }
        System.out.println("DONE " + lab.statistics().describe());
    }

    private static void mark(String marker) {
        System.out.println(marker);
        System.out.flush();
    }
}
