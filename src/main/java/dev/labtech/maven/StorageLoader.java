package dev.labtech.maven;

import dev.labtech.internal.Plugins;
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
        try {
            return Plugins.create(Plugins.load(className, Storage.class, loader), directory);
        } catch (Plugins.Unusable e) {
            throw invalid(className, e.kind() == Plugins.Unusable.Kind.NOT_FOUND
                    ? "no such class in the module's classes, test classes or the plugin's dependencies"
                    : e.getMessage());
        }
    }

    private static MojoFailureException invalid(String value, String rule) {
        return new MojoFailureException("Invalid value '" + value + "' for labtech.storage: " + rule);
    }
}
