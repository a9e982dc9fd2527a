package dev.labtech.internal;

import java.io.PrintStream;
import java.lang.System.Logger.Level;

/**
 * Where labtech's lines go: one line each, {@code [labtech] loaded SpamFixtures#classifier(2000,
 * 2.0) in 2 ms (computing took 5.57 s)}, readable with no logging configuration at all.
 *
 * <p>When nobody configured logging, a line is printed to standard output (warnings to standard
 * error), so it needs no formatter and, under Surefire, lands in the report of the test that was
 * running. When logging is configured — an SLF4J or Log4j bridge for {@code System.Logger}, a
 * {@code java.util.logging} configuration file or class, or a handler on the {@code dev.labtech}
 * logger or one of its parents — the same line goes to the logger {@code dev.labtech} instead.
 */
public final class Console {

    private static final System.Logger LOG = System.getLogger("dev.labtech");

    /** What every line starts with. */
    public static final String PREFIX = "[labtech] ";

    private Console() {
    }

    /**
     * Looks up the {@code System.Logger} backend now, which a first line would otherwise wait for
     * (a {@code ServiceLoader} lookup, ~7 ms in a new JVM). Configures nothing and prints nothing.
     */
    public static void warmUp() {
        System.LoggerFinder.getLoggerFinder();
    }

    /** Prints an informational line. */
    public static void info(String message) {
        line(Level.INFO, message, System.out);
    }

    /** Prints a warning: something the cache could not do, never a failure of the test. */
    public static void warning(String message) {
        line(Level.WARNING, message, System.err);
    }

    /** Logs a line only a logger configured for it shows (never printed). */
    public static void debug(java.util.function.Supplier<String> message) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, PREFIX + message.get());
        }
    }

    private static void line(Level level, String message, PrintStream console) {
        String line = PREFIX + message;
        if (loggingConfigured()) {
            LOG.log(level, line);
        } else {
            console.println(line);
        }
    }

    /** Whether the user routed {@code System.Logger} or configured {@code java.util.logging}. */
    static boolean loggingConfigured() {
        String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
        if (!finder.startsWith("sun.util.logging.") && !finder.startsWith("jdk.internal.logger.")) {
            return true; // SLF4J, Log4j or another bridge
        }
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return true;
        }
        try {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            for (java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.labtech");
                 logger != null && logger != root; logger = logger.getParent()) {
                if (logger.getHandlers().length > 0) {
                    return true;
                }
            }
            java.util.logging.Handler[] handlers = root.getHandlers();
            return !(handlers.length == 1 && handlers[0].getClass() == java.util.logging.ConsoleHandler.class);
        } catch (LinkageError noJulModule) {
            return false;
        }
    }
}
