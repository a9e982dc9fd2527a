package dev.labtech;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Java sources compiled into a directory of their own and loaded by a class loader of their own,
 * as a project's test classes are after an edit: what code-based invalidation is tested with.
 */
public final class Compiled {

    private Compiled() {
    }

    /** Compiles {@code sources} (class name to source) into {@code directory}, with the test class path. */
    public static Path compile(Path directory, Map<String, String> sources) throws IOException {
        return compile(directory, sources, List.of());
    }

    /** Compiles {@code sources} into {@code directory}, with the test class path and {@code jars}. */
    public static Path compile(Path directory, Map<String, String> sources, List<Path> jars) throws IOException {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        for (Path jar : jars) {
            classPath.append(java.io.File.pathSeparator).append(jar);
        }
        Path sourceDirectory = Files.createDirectories(directory.resolve("src"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                classPath.toString(), "-proc:none", "-g"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDirectory.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int status = compiler.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }), arguments.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("compilation failed: " + errors);
        }
        return classes;
    }

    /** A class loader for {@code classes} whose parent is the test class path (labtech's classes are shared). */
    public static URLClassLoader loader(Path classes) throws IOException {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Compiled.class.getClassLoader());
    }
}
