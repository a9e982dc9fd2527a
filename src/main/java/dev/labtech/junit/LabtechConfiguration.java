package dev.labtech.junit;

import dev.labtech.Lab;
import dev.labtech.internal.config.RunConfiguration;
import dev.labtech.internal.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Reads the {@code labtech.*} configuration parameters of a test run, through the same
 * {@link Settings} the Maven goals use, into one {@link RunConfiguration}, and builds its {@link Lab}.
 *
 * <p>Every value is checked before anything is created, and a bad one fails fast with an
 * {@link ExtensionConfigurationException} naming the parameter and the value. When
 * {@code labtech.storage} is not set and a CI environment is detected, nothing is stored.
 */
final class LabtechConfiguration {

    private LabtechConfiguration() {
    }

    /** The run's configuration, every value checked. */
    static RunConfiguration read(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader classes = context != null ? context : LabtechConfiguration.class.getClassLoader();
        try {
            return new Settings(parameters, Path.of(""), classes).testRun(environment);
        } catch (Settings.Invalid e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /** The lab {@code configuration} describes; unknown {@code labtech.*} keys are warned about first. */
    static Lab createLab(RunConfiguration configuration) {
        Settings.warnAboutUnknownKeys(presentKeys());
        return configuration.createLab();
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
        java.net.URL file = loader == null ? null : loader.getResource(Settings.JUNIT_PROPERTIES);
        if (file != null) {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.InputStream in = file.openStream()) {
                properties.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                return present; // JUnit reports a file it cannot read
            }
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith("labtech.")) {
                    present.putIfAbsent(name, "in " + Settings.JUNIT_PROPERTIES);
                }
            }
        }
        return present;
    }
}
