package dev.labtech.junit;

import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Holds labtech's labs for a whole launcher session — every test class and {@code @Suite} of a
 * run — and prints one summary when the session ends. Registered through {@code ServiceLoader}
 * ({@code META-INF/services}), so any launcher (Maven Surefire, Gradle, an IDE) finds it.
 *
 * @since 0.1.0
 */
public final class LabtechSessionListener implements LauncherSessionListener {

    private static final Namespace NAMESPACE = Namespace.create(LabtechExtension.NAMESPACE.getParts().toArray());

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        session.getStore().put(NAMESPACE, SessionLabs.class, new SessionLabs());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (session.getStore().get(NAMESPACE, SessionLabs.class) instanceof SessionLabs labs) {
            labs.summarize();
        }
    }
}
