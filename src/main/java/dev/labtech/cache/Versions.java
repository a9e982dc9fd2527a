package dev.labtech.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of labtech-junit that is running, as written into every {@code metadata.json}. */
final class Versions {

    /** {@code 0.1.0} and so on; filled in by the build. */
    static final String LABTECH = load();

    private Versions() {
    }

    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/dev/labtech/labtech.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
