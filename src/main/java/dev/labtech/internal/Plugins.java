package dev.labtech.internal;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * Loads and creates the classes users name to plug in a storage or a cache, the same way for the
 * engine, the JUnit configuration and the Maven goals: a public constructor taking the storage
 * directory if one is given and the class has it, otherwise a public no-arg constructor.
 */
public final class Plugins {

    /** Why a named class cannot be used, with the rule it broke as the message. */
    public static final class Unusable extends Exception {

        private static final long serialVersionUID = 1L;

        /** What went wrong; callers phrase {@link #NOT_FOUND} for their setting. */
        public enum Kind {
            /** No class of that name is visible. */
            NOT_FOUND,
            /** The class exists but is not usable as asked: wrong type, no constructor, not public. */
            UNSUITABLE,
            /** The constructor exists and threw: the plugin itself failed, not its configuration. */
            CONSTRUCTOR_FAILED
        }

        private final Kind kind;

        Unusable(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private Plugins() {
    }

    /** The class {@code name}, checked to be a {@code role}, without initializing it. */
    public static <T> Class<? extends T> load(String name, Class<T> role, ClassLoader loader) throws Unusable {
        Class<?> type;
        try {
            type = Class.forName(name.trim(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Unusable(Unusable.Kind.NOT_FOUND, "no class " + name.trim() + " was found", e);
        }
        if (!role.isAssignableFrom(type)) {
            throw new Unusable(Unusable.Kind.UNSUITABLE, type.getName() + " does not implement " + role.getName(), null);
        }
        return type.asSubclass(role);
    }

    /**
     * A new instance of {@code type}: through its {@code Path} constructor with {@code directory}
     * when {@code directory} is given and the constructor exists, else through its no-arg one.
     */
    public static <T> T create(Class<T> type, Path directory) throws Unusable {
        try {
            if (directory != null) {
                try {
                    return type.getConstructor(Path.class).newInstance(directory);
                } catch (NoSuchMethodException e) {
                    // fall back to the no-arg constructor
                }
            }
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new Unusable(Unusable.Kind.UNSUITABLE, type.getName() + " needs a public no-arg constructor"
                    + (directory != null ? " or a public constructor taking a java.nio.file.Path" : ""), e);
        } catch (InvocationTargetException e) {
            throw new Unusable(Unusable.Kind.CONSTRUCTOR_FAILED,
                    "creating " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Unusable(Unusable.Kind.UNSUITABLE, "creating " + type.getName() + " failed: " + e, e);
        }
    }
}
