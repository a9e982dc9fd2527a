package dev.labtech.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real second JVM running a {@code main} class from the test classpath. */
final class ChildJvm {

    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static ChildJvm start(Path output, Class<?> main, String... arguments) throws IOException {
        return start(output, System.getProperty("java.class.path"), List.of("-Xmx512m"), main, arguments);
    }

    /** A JVM with its own class path and JVM options. */
    static ChildJvm start(Path output, String classPath, List<String> options, Class<?> main, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new ChildJvm(process, output);
    }

    /** Waits for the JVM to exit by itself and returns its exit code. */
    int await() throws IOException, InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 2 minutes: " + output());
        }
        return process.exitValue();
    }

    /** Waits until the JVM has printed {@code marker}. */
    void awaitOutput(String marker, java.time.Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(marker)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("child JVM never printed '" + marker + "': " + output());
            }
            Thread.sleep(1);
        }
    }

    /** Kills the JVM as {@code kill -9} would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String output() throws IOException {
        return Files.readString(output);
    }
}
