package dev.resiliency.semaphore;

import java.util.ArrayDeque;

/**
 * A caller waiting in a {@link Permits} queue: a node of its intrusive doubly-linked FIFO list, so that a waiter
 * that gives up (timeout, interrupt, cancellation) leaves from the middle in O(1).
 *
 * <p>{@link #state} moves only forward, always under the permits lock: {@code NEW -> QUEUED -> GRANTED} or
 * {@code NEW -> QUEUED -> ABANDONED}. It is volatile so that the waiting side can poll it without the lock; since
 * it never returns to {@code QUEUED}, a lock-free read of "not queued" stays true.
 */
abstract class Waiter {

    static final int NEW = 0;
    static final int QUEUED = 1;
    static final int GRANTED = 2;
    static final int ABANDONED = 3;

    /**
     * Granted waiters whose {@link #granted()} is pending on this thread. Starting an async waiter can complete a
     * stage synchronously, whose release grants the next waiter, and so on: without this trampoline a long queue of
     * synchronously completing async calls would recurse once per waiter and overflow the stack.
     */
    private static final ThreadLocal<ArrayDeque<Waiter>> DISPATCHING = new ThreadLocal<>();

    final int weight;
    volatile int state;
    /** Queue links, guarded by the permits lock; after a grant, {@code next} chains the waiters to dispatch. */
    Waiter prev;
    Waiter next;

    Waiter(int weight) {
        this.weight = weight;
    }

    /** Called once, outside the permits lock, after this waiter's permits were granted to it. */
    abstract void granted();

    /** Runs {@link #granted()} for every waiter of the chain (linked through {@code next}), without recursion. */
    static void dispatch(Waiter chain) {
        if (chain == null) {
            return;
        }
        ArrayDeque<Waiter> pending = DISPATCHING.get();
        boolean outermost = pending == null;
        if (outermost) {
            pending = new ArrayDeque<>();
            DISPATCHING.set(pending);
        }
        for (Waiter w = chain; w != null; ) {
            Waiter following = w.next;
            w.next = null;
            pending.add(w);
            w = following;
        }
        if (!outermost) {
            return; // the outermost dispatch on this thread runs them after its current waiter
        }
        try {
            Waiter w;
            while ((w = pending.poll()) != null) {
                w.granted();
            }
        } finally {
            DISPATCHING.remove();
        }
    }
}
