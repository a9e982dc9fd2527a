package dev.labtech.cache;

import dev.labtech.CacheException;
import dev.labtech.Task;
import dev.labtech.storage.Storage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * {@code StreamCache} stores results that know how to write and read themselves: machine-learning
 * models, search indexes, anything with its own stream format. A subclass names the two functions
 * and nothing else:
 *
 * <pre>{@code
 * public class PosModelCache extends StreamCache<POSModel> {
 *     public PosModelCache() {
 *         super(POSModel::serialize, POSModel::new);   // (model, out) -> void, in -> model
 *     }
 * }
 *
 * @LabtechCached(cache = PosModelCache.class)
 * default POSModel posModel(String corpus, int iterations) { ... }
 * }</pre>
 *
 * <p>The result is written to {@value #RESULT_FILENAME} through the save function and read back
 * through the load function. Streams belong to the cache: it opens them, buffers them and closes
 * them after the function returns; a function that closes its stream anyway does no harm, since
 * it gets a shielded one. Loading runs the load function on the bytes of the file and nothing
 * else, so it is as safe as that function is.
 *
 * <p>Like every cache, a subclass needs a public no-arg constructor. A result that is not a
 * {@code T} (the type argument of the subclass) is refused at save time with one warning.
 *
 * @param <T> the type of results this cache stores
 * @since 0.1.0
 */
public abstract class StreamCache<T> extends BaseCache {

    /** What every key of a stream cache starts with, as labtech's {@code KEY_PREFIX}. */
    public static final String KEY_PREFIX = "stream__";

    /** The name of the result file in each entry. */
    public static final String RESULT_FILENAME = "data.stream";

    /**
     * Writes a result to a stream, as {@code POSModel::serialize} does.
     *
     * @param <T> the type of results
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Save<T> {
        /** Writes {@code value} to {@code out}; need not close it. */
        void save(T value, OutputStream out) throws IOException;
    }

    /**
     * Reads a result from a stream, as {@code POSModel::new} does.
     *
     * @param <T> the type of results
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Load<T> {
        /** Reads a value from {@code in}; need not close it. */
        T load(InputStream in) throws IOException;
    }

    private final Save<? super T> save;
    private final Load<? extends T> load;
    private final Class<?> valueType;

    /**
     * @param save writes a result to a stream
     * @param load reads it back
     */
    protected StreamCache(Save<? super T> save, Load<? extends T> load) {
        super(KEY_PREFIX, RESULT_FILENAME);
        this.save = Objects.requireNonNull(save, "save");
        this.load = Objects.requireNonNull(load, "load");
        this.valueType = typeArgument(getClass());
    }

    @Override
    protected void saveResult(Storage storage, CacheKey key, Object result) throws IOException {
        Task task = key.task();
        if (result == null || !valueType.isInstance(result)) {
            throw new CacheException(getClass().getSimpleName() + " cannot store the result of " + task.fixtureName()
                    + ": it stores " + valueType.getName() + ", but the result is "
                    + (result == null ? "null" : "a " + result.getClass().getName()));
        }
        @SuppressWarnings("unchecked") // checked just above
        T value = (T) result;
        storage.write(key.value(), resultFileName(), out -> save.save(value, Unclosable.output(out)));
    }

    @Override
    protected Object loadResult(Storage storage, CacheKey key) throws IOException {
        Task task = key.task();
        try (InputStream in = new BufferedInputStream(storage.read(key.value(), resultFileName()), 1 << 16)) {
            return load.load(Unclosable.input(in));
        }
    }

    /** The {@code T} a subclass gives, or {@code Object} when it does not say. */
    private static Class<?> typeArgument(Class<?> subclass) {
        for (Class<?> type = subclass; type.getSuperclass() != null; type = type.getSuperclass()) {
            Type parent = type.getGenericSuperclass();
            if (parent instanceof ParameterizedType parameterized && parameterized.getRawType() == StreamCache.class) {
                Type argument = parameterized.getActualTypeArguments()[0];
                if (argument instanceof Class<?> clazz) {
                    return clazz;
                }
                if (argument instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
                    return raw;
                }
            }
        }
        return Object.class;
    }
}
