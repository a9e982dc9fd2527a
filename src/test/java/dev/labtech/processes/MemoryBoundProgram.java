package dev.labtech.processes;

import dev.labtech.Lab;
import dev.labtech.junit.LabtechCached;
import dev.labtech.storage.NullStorage;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls fixtures whose results together far exceed the heap, keeping one of them: the lab must
 * neither run out of memory nor hand out a second instance of the one still in use.
 */
public final class MemoryBoundProgram {

    static final AtomicInteger COMPUTED = new AtomicInteger();

    interface Blocks {
        @LabtechCached
        default byte[] block(int index) {
            COMPUTED.incrementAndGet();
            byte[] block = new byte[16 << 20];
            Arrays.fill(block, (byte) index);
            return block;
        }
    }

    public static void main(String[] arguments) {
        Blocks blocks = new Lab(new NullStorage()).fixtures(Blocks.class);
        int count = Integer.parseInt(arguments[0]);
        byte[] kept = blocks.block(0);
        for (int i = 1; i < count; i++) {
            blocks.block(i);
        }
        System.out.println("called " + count + " blocks of 16 MB, computed " + COMPUTED.get());
        System.out.println("same instance while in use: " + (blocks.block(0) == kept));
        System.out.println("computed after the second call of block 0: " + COMPUTED.get());
    }
}
