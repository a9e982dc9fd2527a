package dev.labtech.junit;

import dev.labtech.internal.Console;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Holds labtech's labs for a whole launcher session — every test class and {@code @Suite} of a
 * run — and prints one summary when the session ends. Registered through {@code ServiceLoader}
 * ({@code META-INF/services}), so any launcher (Maven Surefire, Gradle, an IDE) finds it.
 *
 * <p>From JUnit 5.13 the labs live in the session's own store; before it (5.10–5.12, which Spring
 * Boot 3 manages) the session has no store, and this listener holds them itself for the session.
 * It never throws: a launcher calls it unguarded, and a failure here would stop every test.
 *
 * @since 0.1.0
 */
public final class LabtechSessionListener implements LauncherSessionListener {

    /** Whether the running JUnit gives a launcher session a store (JUnit 5.13, Platform 1.13). */
    static final boolean SESSION_STORE = hasMethod(LauncherSession.class, "getStore");

    /**
     * The labs of the open sessions where a session has no store, innermost first: a session may
     * be opened inside another (a test that runs tests through the launcher), and its labs are its
     * own, as a session store's would be.
     */
    private static final java.util.Deque<SessionLabs> WITHOUT_STORE = new java.util.concurrent.ConcurrentLinkedDeque<>();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // Set up the binary format and the rest while JUnit discovers the tests.
        dev.labtech.Lab.warmUp();
        try {
            if (SESSION_STORE) {
                InSessionStore.put(session, new SessionLabs());
            } else {
                WITHOUT_STORE.push(new SessionLabs());
            }
        } catch (RuntimeException | LinkageError e) {
            Console.debug(() -> "labtech could not hold its labs for the launcher session: " + e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            SessionLabs labs;
            if (SESSION_STORE) {
                labs = InSessionStore.get(session);
            } else {
                labs = WITHOUT_STORE.poll();
            }
            if (labs != null) {
                labs.summarize();
            }
        } catch (RuntimeException | LinkageError e) {
            Console.debug(() -> "labtech could not summarize the launcher session: " + e);
        }
    }

    /** The labs this listener holds for the open session on a JUnit without session stores, or {@code null}. */
    static SessionLabs withoutSessionStore() {
        return WITHOUT_STORE.peek();
    }

    static boolean hasMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            type.getMethod(name, parameters);
            return true;
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    /** The session store, JUnit 5.13 and later only: loaded only where it exists. */
    private static final class InSessionStore {
        /** The same key as Jupiter's {@code Namespace.create(LabtechExtension.class)}: namespaces are equal by their parts. */
        private static final org.junit.platform.engine.support.store.Namespace NAMESPACE =
                org.junit.platform.engine.support.store.Namespace.create(LabtechExtension.class);

        static void put(LauncherSession session, SessionLabs labs) {
            session.getStore().put(NAMESPACE, SessionLabs.class, labs);
        }

        static SessionLabs get(LauncherSession session) {
            return session.getStore().get(NAMESPACE, SessionLabs.class) instanceof SessionLabs labs ? labs : null;
        }
    }
}
