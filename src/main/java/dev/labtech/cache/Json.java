package dev.labtech.cache;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The Jackson mappers labtech shares; each is immutable and thread-safe once built. */
final class Json {

    /** For metadata and canonical call keys: plain JSON, no type handling. */
    static final JsonMapper PLAIN = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * For results: an object's state is its fields, as with Java serialization, not what its getters
     * happen to expose, so a result round-trips whole or is refused; a stored property the class no
     * longer has is an error, not silently dropped. A field declared as a {@code Set} is read into a
     * {@code LinkedHashSet}, so its elements keep the order they were written in, as a map's do.
     */
    static final JsonMapper RESULTS = fields()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .addModule(new SimpleModule("labtech-ordered-sets").addAbstractTypeMapping(Set.class, LinkedHashSet.class))
            .build();

    private static JsonMapper.Builder fields() {
        return JsonMapper.builder()
                .changeDefaultVisibility(checker -> checker
                        .withVisibility(PropertyAccessor.ALL, Visibility.NONE)
                        .withVisibility(PropertyAccessor.FIELD, Visibility.ANY)
                        .withVisibility(PropertyAccessor.CREATOR, Visibility.ANY))
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private Json() {
    }
}
