package dev.labtech;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What besides its arguments decides whether a stored result is still the one a fixture would
 * compute (the {@code labtech.invalidation} configuration parameter).
 *
 * @since 0.1.0
 */
public enum Invalidation {

    /**
     * The fixture's code: the bytecode of the fixture method and of every project class it reaches,
     * and the versions of the library jars it reaches, join the key (with {@code version}, the return
     * type and the content of input files). Change {@code Trainer.train} and the fixtures calling
     * it are computed again.
     */
    CODE,

    /** Only the {@code version} attribute, the return type and the content of input files, as labtech does. */
    VERSION;

    /** The invalidation when none is configured, for the extension, the goals and a {@code Lab.builder()} alike. */
    public static final Invalidation DEFAULT = CODE;

    /** Parses a name case-insensitively, accepting {@code -} for {@code _}. */
    public static Optional<Invalidation> parse(String value) {
        String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.name().equals(normalized)).findFirst();
    }

    /** The accepted names, for error messages: {@code code, version}. */
    public static String names() {
        return Arrays.stream(values()).map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
