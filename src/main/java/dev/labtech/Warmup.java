package dev.labtech;

import dev.labtech.cache.BaseCache;
import dev.labtech.storage.LocalStorage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets up, on a thread of its own, what the first load of a new JVM needs and a test run would
 * otherwise wait for: the JSON writer and parser, SHA-1, Kryo and the code fingerprint's walk
 * ({@link BaseCache#warmUp}), the fixture annotation and proxies ({@link FixtureType#warmUp}), the
 * file reading and listing a storage opens with ({@link LocalStorage#warmUp}), the logger lookup of
 * labtech's lines and the in-flight calls' futures. Started
 * once per JVM, when a test run's launcher session opens or a lab is built; a daemon that ends in
 * a fraction of a second. It changes nothing but what is loaded.
 */
final class Warmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    /** The warm-up itself, on the calling thread. */
    static void run() {
        BaseCache.warmUp();
        FixtureType.warmUp();
        LocalStorage.warmUp();
        try {
            dev.labtech.internal.Console.warmUp();
            new java.util.concurrent.CompletableFuture<Void>().complete(null);
        } catch (RuntimeException | LinkageError e) {
            // The first call loads them instead.
        }
    }

    static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread thread = new Thread(Warmup::run, "labtech-warm-up");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        } catch (RuntimeException | Error e) {
            // No thread to spare (a security policy, a thread limit): the first call sets things up instead.
        }
    }
}
