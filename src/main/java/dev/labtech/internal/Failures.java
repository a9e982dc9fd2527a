package dev.labtech.internal;

import java.lang.reflect.Type;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure of a result class's own code (its {@code readObject}, the constructor a
 * {@link dev.labtech.cache.StreamCache} reads it with) apart from a class that changed or a
 * failing storage, by the frames an exception was thrown through.
 */
public final class Failures {

    private static final String[] NOT_USER_CODE = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "tools.jackson.", "com.fasterxml.jackson.",
        "org.apache.commons.io.", "com.esotericsoftware.", "org.apache.fory.", "org.objenesis.",
    };

    private Failures() {
    }

    /**
     * The frame of a result class's code that {@code failure} (or one of its causes) was thrown
     * through, reached before any labtech frame: a class that is, extends or is extended by a class
     * named in {@code returnType}'s declared field graph. Empty if no such code was involved. Only
     * meaningful for a failure on an entry whose files are whole ({@link IntactEntryException}).
     */
    public static Optional<StackTraceElement> thrownByResultCode(Throwable failure, Type returnType, ClassLoader loader) {
        Set<Class<?>> resultClasses = DeclaredTypes.reachableFrom(returnType);
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null
                : current.getCause()) {
            for (StackTraceElement frame : current.getStackTrace()) {
                if (isLabtech(frame.getClassName())) {
                    break;
                }
                if (isUserCode(frame.getClassName()) && isResultClass(frame.getClassName(), resultClasses, loader)) {
                    return Optional.of(frame);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code className} is one of labtech's own classes, loaded from the same jar as this one. */
    private static boolean isLabtech(String className) {
        if (!className.startsWith("dev.labtech.")) {
            return false;
        }
        try {
            Class<?> type = Class.forName(className, false, Failures.class.getClassLoader());
            return java.util.Objects.equals(type.getProtectionDomain().getCodeSource(),
                    Failures.class.getProtectionDomain().getCodeSource());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static boolean isResultClass(String className, Set<Class<?>> resultClasses, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, false, loader);
            for (Class<?> result : resultClasses) {
                if (result.isAssignableFrom(type) || type.isAssignableFrom(result)) {
                    return true;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not a class the fixture can see
        }
        return false;
    }

    private static boolean isUserCode(String className) {
        for (String prefix : NOT_USER_CODE) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
