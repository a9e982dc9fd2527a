package dev.labtech;

/**
 * A cache could not save or load a result: a damaged entry, a result it cannot store faithfully,
 * an entry written by another cache. The {@link Lab} turns it into a warning and a recomputation.
 *
 * @since 0.1.0
 */
public class CacheException extends LabtechException {

    private static final long serialVersionUID = 1L;

    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
