package dev.labtech.maven;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The class loader a goal sees the module's classes with: its test class path, as the tests saw
 * it, so custom storages and caches load and fixture code gets the fingerprint it got in the tests.
 *
 * <p>Child-first: a class or resource comes from the module's class path before the plugin's (a
 * library the tests used in another version than the plugin's must be identified as the tests
 * saw it), except labtech's own classes, which must be the plugin's so the annotation the engine
 * reads is the one the fixtures carry.
 */
final class ModuleClasses extends URLClassLoader {

    /** Every package of labtech's own (ModuleClassesTests checks the list against the jar). */
    static final Set<String> LABTECH_PACKAGES = Set.of("dev.labtech", "dev.labtech.cache",
            "dev.labtech.storage", "dev.labtech.junit", "dev.labtech.maven", "dev.labtech.internal",
            "dev.labtech.internal.binary", "dev.labtech.internal.canonical", "dev.labtech.internal.config",
            "dev.labtech.internal.fingerprint", "dev.labtech.labtech_junit" /* the generated labtech:help */);

    private ModuleClasses(URL[] urls) {
        super(urls, ModuleClasses.class.getClassLoader());
    }

    /** A loader for these class path elements (directories and jars); missing ones are skipped. */
    static ClassLoader of(Collection<String> elements) {
        List<URL> urls = new ArrayList<>();
        for (String element : elements) {
            File file = new File(element);
            if (file.exists()) {
                try {
                    urls.add(file.toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        // Not closed: classes must stay loadable while the goal runs.
        return new ModuleClasses(urls.toArray(URL[]::new));
    }

    /** {@link #of} for class directories. */
    static ClassLoader classLoader(File... classDirectories) {
        List<String> elements = new ArrayList<>();
        for (File directory : classDirectories) {
            if (directory != null) {
                elements.add(directory.getPath());
            }
        }
        return of(elements);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                int dot = name.lastIndexOf('.');
                String packageName = dot < 0 ? "" : name.substring(0, dot);
                if (name.startsWith("java.") || LABTECH_PACKAGES.contains(packageName)) {
                    return super.loadClass(name, resolve);
                }
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notOnTheModulePath) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        String className = name.endsWith(".class") ? name.substring(0, name.length() - 6).replace('/', '.') : "";
        int dot = className.lastIndexOf('.');
        if (!className.isEmpty() && LABTECH_PACKAGES.contains(dot < 0 ? "" : className.substring(0, dot))) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public void close() throws IOException {
        // shared for the goal's whole run
    }
}
