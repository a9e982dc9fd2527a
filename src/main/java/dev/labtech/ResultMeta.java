package dev.labtech;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a result was computed and how long the computation took, as labtech's {@code ResultMeta}.
 *
 * @param start    when the fixture method was entered
 * @param duration how long it ran; the time a later cache hit saves
 * @since 0.1.0
 */
public record ResultMeta(Instant start, Duration duration) {

    public ResultMeta {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
    }
}
