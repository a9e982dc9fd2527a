package dev.labtech.maven;

import dev.labtech.storage.Storage;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;

/** Creates a custom storage named by {@code labtech.storage}, the way the test extension does. */
final class StorageLoader {

    private StorageLoader() {
    }

    static Storage load(String className, Path directory, File... classDirectories) throws MojoFailureException {
        List<URL> urls = new ArrayList<>();
        for (File classes : classDirectories) {
            if (classes != null && classes.isDirectory()) {
                try {
                    urls.add(classes.toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        // Not closed: the storage's classes must stay loadable while the goal runs.
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), StorageLoader.class.getClassLoader());
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw invalid(className, "no such class in the module's classes, test classes or the plugin's dependencies");
        }
        if (!Storage.class.isAssignableFrom(type)) {
            throw invalid(className, type.getName() + " does not implement " + Storage.class.getName());
        }
        try {
            try {
                return (Storage) type.getConstructor(Path.class).newInstance(directory);
            } catch (NoSuchMethodException e) {
                return (Storage) type.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw invalid(className, type.getName() + " needs a public no-arg constructor or one taking a java.nio.file.Path");
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw invalid(className, "creating " + type.getName() + " failed: " + cause);
        }
    }

    private static MojoFailureException invalid(String value, String rule) {
        return new MojoFailureException("Invalid value '" + value + "' for labtech.storage: " + rule);
    }
}
