package dev.labtech;

/**
 * Told about every call of a cached fixture, on the calling thread, after the call returns.
 *
 * <p>The JUnit extension uses one to publish a report entry per call; a program using
 * {@link Lab} directly can use one to count hits.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CallListener {

    /** A listener that ignores every call. */
    CallListener NONE = report -> { };

    void called(CallReport report);
}
