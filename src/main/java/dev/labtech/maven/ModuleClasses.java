package dev.labtech.maven;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/** The class loader a goal finds custom storages and caches with: the module's classes, then the plugin's. */
final class ModuleClasses {

    private ModuleClasses() {
    }

    static ClassLoader classLoader(File... classDirectories) {
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
        return new URLClassLoader(urls.toArray(URL[]::new), ModuleClasses.class.getClassLoader());
    }
}
