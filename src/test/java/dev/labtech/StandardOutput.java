package dev.labtech;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures what is printed to standard output while open, as labtech prints with no logging configured. */
public final class StandardOutput implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public StandardOutput() {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    /** The lines printed so far that labtech printed. */
    public List<String> labtechLines() {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("[labtech] ")).toList();
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
