package dev.labtech;

import java.util.Objects;

/**
 * A cached fixture call made while another fixture was computed: its key then, and its canonical
 * form ({@code metadata.json}'s {@code task}), from which the key it would get now is worked out.
 *
 * @param key           the call's cache key when the parent was computed
 * @param canonicalTask the call as canonical JSON
 * @since 0.1.0
 */
public record ChildCall(String key, String canonicalTask) {

    public ChildCall {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(canonicalTask, "canonicalTask");
    }
}
