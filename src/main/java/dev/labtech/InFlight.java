package dev.labtech;

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
 * afresh. Different keys compute in parallel. A caller that would wait, directly or through other
 * waiting threads, for a computation it is itself part of gets a {@link FixtureCycleException}
 * naming the cycle instead of deadlocking.
 */
final class InFlight {

    /** A computed or loaded value with how long computing it took, and where it came from this time. */
    record Held(Object value, java.time.Duration computeDuration, CallReport.Outcome outcome) {
    }

    @FunctionalInterface
    interface Computation {
        Held compute() throws Throwable;
    }

    private static final class Slot {
        final String key;
        final String call;
        final Thread owner = Thread.currentThread();
        final CompletableFuture<Held> done = new CompletableFuture<>();

        Slot(String key, String call) {
            this.key = key;
            this.call = call;
        }
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final ThreadLocal<ArrayDeque<Slot>> computing = ThreadLocal.withInitial(ArrayDeque::new);
    /** Which slot each blocked thread waits for: the edges of the wait-for graph. */
    private final Map<Thread, Slot> waiting = new HashMap<>();

    /**
     * The value for {@code key}: held, awaited, or computed now. With {@code remember} false the
     * value is not kept (every call computes) but cycles are still detected.
     */
    Held get(String key, String call, boolean remember, Computation computation) throws Throwable {
        if (!remember) {
            checkNotComputingOnThisThread(key);
            return run(new Slot(key, call), false, computation);
        }
        Slot mine = new Slot(key, call);
        Slot existing = slots.putIfAbsent(key, mine);
        if (existing == null) {
            return run(mine, true, computation);
        }
        Held held = existing.done.isDone() && !existing.done.isCompletedExceptionally()
                ? existing.done.join()
                : await(existing);
        return new Held(held.value(), held.computeDuration(), CallReport.Outcome.MEMORY);
    }

    private Held run(Slot slot, boolean remembered, Computation computation) throws Throwable {
        ArrayDeque<Slot> stack = computing.get();
        stack.push(slot);
        try {
            Held held = computation.compute();
            slot.done.complete(held);
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

    private Held await(Slot awaited) throws Throwable {
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
            return awaited.done.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        } finally {
            synchronized (waiting) {
                waiting.remove(me);
            }
        }
    }

    private void checkNotComputingOnThisThread(String key) {
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
                + path.stream().map(slot -> slot.call).collect(Collectors.joining(" -> "))
                + ". A cached fixture cannot depend on its own result.");
    }
}
