package dev.labtech;

import java.util.Objects;

/**
 * The value a fixture call returned, with its {@link ResultMeta}.
 *
 * @param value the fixture's return value, possibly {@code null}
 * @param meta  when and how long it was computed
 * @param <T>   the fixture method's return type
 * @since 0.1.0
 */
public record TaskResult<T>(T value, ResultMeta meta) {

    public TaskResult {
        Objects.requireNonNull(meta, "meta");
    }
}
