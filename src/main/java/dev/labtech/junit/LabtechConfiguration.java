package dev.labtech.junit;

import dev.labtech.Lab;
import dev.labtech.Invalidation;
import dev.labtech.Mode;
import dev.labtech.Output;
import dev.labtech.cache.Cache;
import dev.labtech.internal.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Reads the {@code labtech.*} configuration parameters of a test run and builds its {@link Lab},
 * through the same {@link Settings} the Maven goals use.
 *
 * <p>Every value is checked before anything is created, and a bad one fails fast with an
 * {@link ExtensionConfigurationException} naming the parameter and the value. When
 * {@code labtech.storage} is not set and a CI environment is detected, nothing is stored.
 */
final class LabtechConfiguration {

    private final ClassLoader classes;
    private final Settings settings;
    private final Function<String, String> environment;

    LabtechConfiguration(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        this.classes = context != null ? context : LabtechConfiguration.class.getClassLoader();
        this.settings = new Settings(parameters, Path.of(""), classes);
        this.environment = environment;
    }

    Lab createLab() {
        Settings.warnAboutUnknownKeys(presentKeys());
        Mode mode = mode();
        Output output = checked(settings::output);
        Invalidation invalidation = checked(settings::invalidation);
        Cache defaultCache = defaultCache();
        Settings.StorageChoice storage = storageChoice();
        Path directory = directory();
        maxSize();
        return Lab.builder().mode(mode).output(output).invalidation(invalidation).defaultCache(defaultCache)
                .storage(storage.create(directory)).build();
    }

    /**
     * The {@code labtech.*} keys set where labtech's tests read them from: system properties and
     * {@code junit-platform.properties} on the test class path (JUnit offers an extension no way
     * to list its configuration parameters).
     */
    private static java.util.Map<String, String> presentKeys() {
        java.util.Map<String, String> present = new java.util.HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("labtech.")) {
                present.put(name, "a system property");
            }
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        java.net.URL file = loader == null ? null : loader.getResource("junit-platform.properties");
        if (file != null) {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.InputStream in = file.openStream()) {
                properties.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                return present; // JUnit reports a file it cannot read
            }
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith("labtech.")) {
                    present.putIfAbsent(name, "in junit-platform.properties");
                }
            }
        }
        return present;
    }

    /** {@code labtech.summary.file} as set, if it is: where the session's summary is written. */
    Optional<String> summaryFile() {
        return settings.summaryFile();
    }

    /** {@code labtech.maxSize}, if set: the bound the storage directory is trimmed to at the end of a run. */
    java.util.OptionalLong maxSize() {
        return checked(settings::maxSize);
    }

    /** Where the fixture interfaces the tests use are found, to judge stored entries stale. */
    ClassLoader classes() {
        return classes;
    }

    Mode mode() {
        return checked(settings::mode);
    }

    Cache defaultCache() {
        return checked(settings::defaultCache);
    }

    /** The storage directory, absolute. */
    Path directory() {
        return checked(settings::directory);
    }

    Settings.StorageChoice storageChoice() {
        return checked(() -> settings.testStorage(environment));
    }

    private static <T> T checked(Supplier<T> setting) {
        try {
            return setting.get();
        } catch (Settings.Invalid e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }
}
