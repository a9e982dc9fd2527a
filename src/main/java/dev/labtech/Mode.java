package dev.labtech;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a {@link Lab} uses its storage.
 *
 * @since 0.1.0
 */
public enum Mode {

    /** Load a stored result when there is one; compute and store it otherwise. */
    READ_WRITE,

    /** Load a stored result when there is one; compute otherwise, but never store. */
    READ_ONLY,

    /** Always compute, and overwrite what is stored. */
    REFRESH,

    /** Neither read nor write storage, nor keep results in memory: every call computes. */
    OFF;

    /** The mode when none is configured, for the extension, the goals and a {@code Lab.builder()} alike. */
    public static final Mode DEFAULT = READ_WRITE;

    /**
     * Parses a mode name case-insensitively, accepting {@code -} for {@code _}
     * ({@code read-only}, {@code READ_ONLY}).
     */
    public static Optional<Mode> parse(String value) {
        String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.name().equals(normalized)).findFirst();
    }

    /** The accepted names, for error messages: {@code read_write, read_only, refresh, off}. */
    public static String names() {
        return Arrays.stream(values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /** Whether a stored result is loaded when there is one. */
    public boolean reads() {
        return this == READ_WRITE || this == READ_ONLY;
    }

    /** Whether a computed result is stored. */
    public boolean writes() {
        return this == READ_WRITE || this == REFRESH;
    }
}
