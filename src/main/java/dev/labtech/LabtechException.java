package dev.labtech;

/**
 * Root of every exception labtech-junit throws, as {@code LabtechError} is in labtech.
 *
 * @since 0.1.0
 */
public class LabtechException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LabtechException(String message) {
        super(message);
    }

    public LabtechException(String message, Throwable cause) {
        super(message, cause);
    }
}
