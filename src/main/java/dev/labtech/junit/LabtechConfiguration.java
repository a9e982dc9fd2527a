package dev.labtech.junit;

import static dev.labtech.junit.LabtechCached.DEFAULT_CACHE_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.MODE_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.STORAGE_DIR_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.STORAGE_PROPERTY_NAME;

import dev.labtech.Lab;
import dev.labtech.LabtechException;
import dev.labtech.Mode;
import dev.labtech.cache.Cache;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.internal.Plugins;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.NullStorage;
import dev.labtech.storage.Storage;
import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Reads the {@code labtech.*} configuration parameters and builds the run's {@link Lab}.
 *
 * <p>Every value is checked before anything is created, and a bad one fails fast with a message
 * naming the parameter and the value.
 */
final class LabtechConfiguration {

    private static final System.Logger LOG = System.getLogger("dev.labtech");

    private final Function<String, Optional<String>> parameters;
    private final Function<String, String> environment;

    LabtechConfiguration(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    Lab createLab() {
        Mode mode = mode();
        Cache defaultCache = defaultCache();
        StorageChoice storage = storageChoice();
        Path directory = directory();
        return Lab.builder().mode(mode).defaultCache(defaultCache).storage(storage.create(directory)).build();
    }

    Mode mode() {
        return parameter(MODE_PROPERTY_NAME)
                .map(value -> Mode.parse(value).orElseThrow(() -> invalid(MODE_PROPERTY_NAME, value,
                        "expected one of " + Mode.names())))
                .orElse(Mode.READ_WRITE);
    }

    Cache defaultCache() {
        Optional<String> value = parameter(DEFAULT_CACHE_PROPERTY_NAME);
        if (value.isEmpty()) {
            return new JsonCache();
        }
        return switch (normalize(value.get())) {
            case "json" -> new JsonCache();
            case "java" -> new JavaSerializationCache();
            default -> customCache(value.get());
        };
    }

    Path directory() {
        String value = parameter(STORAGE_DIR_PROPERTY_NAME).orElse(".labtech");
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(STORAGE_DIR_PROPERTY_NAME, value, "not a valid path: " + e.getReason());
        }
    }

    /** How storage is chosen; creating it is separate so a bad directory never hides a bad value. */
    interface StorageChoice {
        Storage create(Path directory);
    }

    StorageChoice storageChoice() {
        Optional<String> value = parameter(STORAGE_PROPERTY_NAME);
        if (value.isEmpty()) {
            String ci = environment.apply("CI");
            if (ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false")) {
                LOG.log(Level.INFO, "labtech: CI environment detected (CI={0}), so nothing is cached; "
                        + "set " + STORAGE_PROPERTY_NAME + "=local to cache anyway", ci);
                return directory -> new NullStorage();
            }
            return LabtechConfiguration::localOrMemory;
        }
        String name = value.get();
        switch (normalize(name)) {
            case "local":
                return LabtechConfiguration::localOrMemory;
            case "null":
                return directory -> new NullStorage();
            default:
                loadClass(STORAGE_PROPERTY_NAME, name, Storage.class, "local, null");
                return directory -> customOrMemory(name, directory);
        }
    }

    /** A local directory, or, if it cannot be used, no storage for this run: the cache never fails a test. */
    private static Storage localOrMemory(Path directory) {
        try {
            return new LocalStorage(directory);
        } catch (LabtechException e) {
            LOG.log(Level.WARNING, "labtech: {0}; results are kept in memory only for this run", e.getMessage());
            return new NullStorage();
        }
    }

    /**
     * A custom storage, or, if its constructor fails (a bucket out of reach, say), no storage for
     * this run: a missing or unsuitable class is a configuration error, a failing storage is not.
     */
    private Storage customOrMemory(String name, Path directory) {
        try {
            return Plugins.create(loadClass(STORAGE_PROPERTY_NAME, name, Storage.class, "local, null"), directory);
        } catch (Plugins.Unusable e) {
            if (e.kind() != Plugins.Unusable.Kind.CONSTRUCTOR_FAILED) {
                throw invalid(STORAGE_PROPERTY_NAME, name, e.getMessage());
            }
            LOG.log(Level.WARNING, "labtech: {0}; results are kept in memory only for this run", e.getMessage());
            return new NullStorage();
        }
    }

    /** A custom cache; any failure to create it is a configuration error. */
    private Cache customCache(String name) {
        try {
            return Plugins.create(loadClass(DEFAULT_CACHE_PROPERTY_NAME, name, Cache.class, "json, java"), null);
        } catch (Plugins.Unusable e) {
            throw invalid(DEFAULT_CACHE_PROPERTY_NAME, name, e.getMessage());
        }
    }

    private <T> Class<? extends T> loadClass(String parameter, String value, Class<T> role, String keywords) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Plugins.load(value, role, context != null ? context : getClass().getClassLoader());
        } catch (Plugins.Unusable e) {
            throw invalid(parameter, value, e.kind() == Plugins.Unusable.Kind.NOT_FOUND
                    ? "expected " + keywords + " or the name of a class implementing " + role.getName()
                            + ", but no such class was found"
                    : e.getMessage());
        }
    }

    private Optional<String> parameter(String name) {
        return parameters.apply(name).map(String::trim);
    }

    private static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static ExtensionConfigurationException invalid(String parameter, String value, String rule) {
        return new ExtensionConfigurationException("Invalid value '" + value + "' for configuration parameter '"
                + parameter + "': " + rule);
    }
}
