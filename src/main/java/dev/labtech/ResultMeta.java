package dev.labtech;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When a result was computed, how long the computation took, and which cached fixtures it called,
 * as labtech's {@code ResultMeta}.
 *
 * @param start    when the fixture method was entered
 * @param duration how long it ran; the time a later cache hit saves
 * @param calls    the cached fixtures it called, directly or through others: a stored result is
 *                 only loaded while each of their keys is still what the current code gives
 * @since 0.1.0
 */
public record ResultMeta(Instant start, Duration duration, List<ChildCall> calls) {

    public ResultMeta {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        calls = List.copyOf(calls);
    }

    /** A result that called no cached fixture. */
    public ResultMeta(Instant start, Duration duration) {
        this(start, duration, List.of());
    }
}
