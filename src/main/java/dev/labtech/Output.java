package dev.labtech;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much a {@link Lab} prints (the {@code labtech.output} configuration parameter).
 *
 * @since 0.1.0
 */
public enum Output {

    /** Only the summary at the end of the run, and warnings. */
    SUMMARY,

    /**
     * Also one line per fixture computed or loaded (not per reuse from memory), up to
     * {@value Lab#CALL_LINES} lines a run, the rest counted in the summary; and a line while a
     * computation runs for more than a few seconds.
     */
    CALLS,

    /** Every call, memory reuse included, without a limit, and why a stored result was not used. */
    VERBOSE;

    /** The output when none is configured, for the extension, the goals and a {@code Lab.builder()} alike. */
    public static final Output DEFAULT = CALLS;

    /** Parses a name case-insensitively, accepting {@code -} for {@code _}. */
    public static Optional<Output> parse(String value) {
        String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(output -> output.name().equals(normalized)).findFirst();
    }

    /** The accepted names, for error messages: {@code summary, calls, verbose}. */
    public static String names() {
        return Arrays.stream(values()).map(output -> output.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
