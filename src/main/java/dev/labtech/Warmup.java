package dev.labtech;

import dev.labtech.cache.BaseCache;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets up, on a thread of its own, what the first load of a new JVM needs and a test run would
 * otherwise wait for: the JSON writer and parser, SHA-1, Kryo and the code fingerprint's walk
 * ({@link BaseCache#warmUp}). Started
 * once per JVM, when a test run's launcher session opens or a lab is built; a daemon that ends in
 * a fraction of a second. It changes nothing but what is loaded.
 */
final class Warmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread thread = new Thread(BaseCache::warmUp, "labtech-warm-up");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        } catch (RuntimeException | Error e) {
            // No thread to spare (a security policy, a thread limit): the first call sets things up instead.
        }
    }
}
