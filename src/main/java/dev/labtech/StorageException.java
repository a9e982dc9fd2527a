package dev.labtech;

/**
 * A storage refused a key or file name, or could not read, write or delete.
 *
 * @since 0.1.0
 */
public class StorageException extends LabtechException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
