package dev.labtech.internal;

import dev.labtech.CacheException;

/**
 * Loading a result failed although its files are whole (their lengths and checksums match): the
 * failure lies in the code reading them, such as a result class's {@code readObject}, or in a
 * class that changed since, not in the entry.
 */
public final class IntactEntryException extends CacheException {

    private static final long serialVersionUID = 1L;

    public IntactEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
