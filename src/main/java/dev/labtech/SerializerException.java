package dev.labtech;

/**
 * A fixture call cannot be turned into a cache key, or a stored call cannot be read back.
 *
 * <p>Unlike a {@link CacheException} this is the user's error (an argument of a type that has no
 * stable value, such as a lambda or a {@code Thread}), so it reaches the test.
 *
 * @since 0.1.0
 */
public class SerializerException extends LabtechException {

    private static final long serialVersionUID = 1L;

    public SerializerException(String message) {
        super(message);
    }

    public SerializerException(String message, Throwable cause) {
        super(message, cause);
    }
}
