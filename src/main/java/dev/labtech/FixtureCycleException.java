package dev.labtech;

/**
 * A fixture needs its own result to compute its result: it calls itself with the same arguments,
 * directly or through other fixtures, on one thread or across threads.
 *
 * @since 0.1.0
 */
public class FixtureCycleException extends LabtechException {

    private static final long serialVersionUID = 1L;

    public FixtureCycleException(String message) {
        super(message);
    }
}
