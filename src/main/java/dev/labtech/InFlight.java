package dev.labtech;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Results held in memory for one {@link Lab}, computed once per key however many threads ask.
 *
 * <p>The first caller of a key computes it; callers arriving meanwhile wait for that computation
 * and get its value or, if it throws, the same exception; a later call after a failure computes
 * afresh. Different keys compute in parallel.
 *
 * <p>Finished results are held through {@link SoftReference}s, so memory never runs out because of
 * them: the garbage collector may drop a result nobody else refers to when memory runs short (the
 * least recently used first), and the next caller then loads or computes it again. A result that
 * anyone still refers to stays, so every caller of a key gets the same instance while it is in use. A caller that would wait, directly or through other
 * waiting threads, for a computation it is itself part of gets a {@link FixtureCycleException}
 * naming the cycle instead of deadlocking.
 */
final class InFlight {

    /** A computed or loaded value with its cache key, how long computing it took, and where it came from this time. */
    record Held(Object value, String key, java.time.Duration computeDuration, CallReport.Outcome outcome,
                java.time.Duration took, List<ChildCall> calls) {
    }

    @FunctionalInterface
    interface Computation {
        Held compute() throws Throwable;
    }

    private static final class Slot {
        final Object key;
        final Task call;
        final Thread owner = Thread.currentThread();
        /** Completes (without the value, which only {@link #value} holds) when the computation ends. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** The value itself, softly: it stays while anyone uses it. {@link #NULL} stands for null. */
        volatile SoftReference<Object> value;
        volatile String cacheKey;
        volatile List<ChildCall> calls = List.of();
        volatile java.time.Duration computeDuration;

        Slot(Object key, Task call) {
            this.key = key;
            this.call = call;
        }

        /** The finished value as a memory hit, or {@code null} if it is still computing, failed or was collected. */
        Held held() {
            SoftReference<Object> reference = value;
            Object held = reference == null ? null : reference.get();
            if (held == null) {
                return null;
            }
            return new Held(held == NULL ? null : held, cacheKey, computeDuration, CallReport.Outcome.MEMORY, null, calls);
        }
    }

    /** Stands for a null result, which a soft reference cannot tell from a collected one. */
    private static final Object NULL = new Object();

    /** By call (when its arguments compare by value, see {@link Task#comparesByValue()}) or by cache key. */
    private final Map<Object, Slot> slots = new ConcurrentHashMap<>();
    private final ThreadLocal<ArrayDeque<Slot>> computing = ThreadLocal.withInitial(ArrayDeque::new);
    /** Which slot each blocked thread waits for: the edges of the wait-for graph. */
    private final Map<Thread, Slot> waiting = new HashMap<>();

    /**
     * The value for {@code key}: held, awaited, or computed now. With {@code remember} false the
     * value is not kept (every call computes) but cycles are still detected.
     */
    Held get(Object key, Task call, boolean remember, Computation computation) throws Throwable {
        if (!remember) {
            checkNotComputingOnThisThread(key);
            return run(new Slot(key, call), false, computation);
        }
        while (true) {
            Slot existing = slots.get(key);
            if (existing != null) {
                Held held = existing.held();
                if (held != null) {
                    return held;
                }
                if (!existing.done.isDone()) {
                    await(existing);
                    held = existing.held();
                    if (held != null) {
                        return held;
                    }
                    continue;
                }
            }
            // None yet, or one whose value was collected or whose computation failed: compute anew.
            Slot mine = new Slot(key, call);
            if (existing == null ? slots.putIfAbsent(key, mine) == null : slots.replace(key, existing, mine)) {
                return run(mine, true, computation);
            }
        }
    }

    private Held run(Slot slot, boolean remembered, Computation computation) throws Throwable {
        ArrayDeque<Slot> stack = computing.get();
        stack.push(slot);
        try {
            Held held = computation.compute();
            slot.computeDuration = held.computeDuration();
            slot.cacheKey = held.key();
            slot.calls = held.calls();
            slot.value = new SoftReference<>(held.value() == null ? NULL : held.value());
            slot.done.complete(null);
            return held;
        } catch (Throwable failure) {
            if (remembered) {
                slots.remove(slot.key, slot);
            }
            slot.done.completeExceptionally(failure);
            throw failure;
        } finally {
            stack.pop();
        }
    }

    private void await(Slot awaited) throws Throwable {
        Thread me = Thread.currentThread();
        if (awaited.owner == me) {
            throw cycle(callsSince(awaited), List.of(), awaited);
        }
        synchronized (waiting) {
            List<Slot> chain = new ArrayList<>();
            for (Slot next = awaited; next != null; next = waiting.get(next.owner)) {
                if (next.owner == me) {
                    throw cycle(callsSince(next), chain, next);
                }
                chain.add(next);
            }
            waiting.put(me, awaited);
        }
        try {
            awaited.done.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        } finally {
            synchronized (waiting) {
                waiting.remove(me);
            }
        }
    }

    private void checkNotComputingOnThisThread(Object key) {
        for (Slot slot : computing.get()) {
            if (slot.key.equals(key)) {
                throw cycle(callsSince(slot), List.of(), slot);
            }
        }
    }

    /** The calls this thread is computing, from {@code first} to the innermost. */
    private List<Slot> callsSince(Slot first) {
        List<Slot> calls = new ArrayList<>();
        for (Iterator<Slot> outward = computing.get().descendingIterator(); outward.hasNext(); ) {
            Slot slot = outward.next();
            if (slot == first || !calls.isEmpty()) {
                calls.add(slot);
            }
        }
        return calls;
    }

    private static FixtureCycleException cycle(List<Slot> onThisThread, List<Slot> onOtherThreads, Slot closing) {
        List<Slot> path = new ArrayList<>(onThisThread);
        path.addAll(onOtherThreads);
        path.add(closing);
        return new FixtureCycleException("Fixture cycle: "
                + path.stream().map(slot -> slot.call.describe()).collect(Collectors.joining(" -> "))
                + ". A cached fixture cannot depend on its own result.");
    }
}
