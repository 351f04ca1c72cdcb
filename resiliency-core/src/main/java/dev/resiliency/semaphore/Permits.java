package dev.resiliency.semaphore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The permit accounting and FIFO queue behind a {@link WeightedSemaphore}.
 *
 * <p>One {@code long} word holds both numbers admission depends on: the permits in use (low 32 bits) and the
 * number of queued waiters (high 32 bits). The uncontended path is a single CAS on that word with no lock: admit
 * when nobody is queued and the weight fits; release when nobody is queued. Everything that involves the queue
 * (enqueue, grant, leave) takes the lock.
 *
 * <p>Why this stays strictly FIFO: the lock-free paths only succeed while the waiter count is zero. A caller that
 * must queue raises the count with a CAS conditioned on the exact word in which it did not fit, so a release that
 * slipped in first makes that CAS fail (and the caller re-checks and may be admitted at once), while a release that
 * comes after sees the count and takes the lock, where it waits until the node is linked and then drains the queue.
 * While any waiter is queued, the word therefore changes only under the lock, and no newcomer can barge past it.
 */
final class Permits {

    static final int ADMITTED = 0;
    static final int QUEUED = 1;

    private static final long ONE_WAITER = 1L << 32;
    private static final long USED_MASK = 0xFFFF_FFFFL;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Permits.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;
    private Waiter head; // guarded by lock
    private Waiter tail; // guarded by lock

    Permits(int max) {
        this.max = max;
    }

    int used() {
        return (int) (state & USED_MASK);
    }

    int waiters() {
        return (int) (state >>> 32);
    }

    /** Both numbers read at once: used permits in the low 32 bits, waiters in the high 32 bits. */
    long snapshot() {
        return state;
    }

    static int used(long snapshot) {
        return (int) (snapshot & USED_MASK);
    }

    static int waiters(long snapshot) {
        return (int) (snapshot >>> 32);
    }

    /** Takes {@code weight} permits if they are free and nobody is queued. Lock-free; never queues. */
    boolean tryAcquire(int weight) {
        for (;;) {
            long s = state;
            if ((s >>> 32) != 0 || (s & USED_MASK) + weight > max) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + weight)) {
                return true;
            }
        }
    }

    /** Takes the permits at once if possible, otherwise appends {@code waiter} to the queue. */
    int acquireOrEnqueue(Waiter waiter) {
        int weight = waiter.weight;
        lock.lock();
        try {
            for (;;) {
                long s = state;
                if ((s >>> 32) == 0 && (s & USED_MASK) + weight <= max) {
                    if (STATE.compareAndSet(this, s, s + weight)) {
                        return ADMITTED;
                    }
                } else if (STATE.compareAndSet(this, s, s + ONE_WAITER)) {
                    link(waiter);
                    return QUEUED;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives {@code weight} permits back and hands them to the waiters at the front that now fit. */
    void release(int weight) {
        for (;;) {
            long s = state;
            if ((s >>> 32) != 0) {
                break;
            }
            if (STATE.compareAndSet(this, s, s - weight)) {
                return;
            }
        }
        Waiter granted;
        lock.lock();
        try {
            granted = drain(-weight);
        } finally {
            lock.unlock();
        }
        Waiter.dispatch(granted);
    }

    /**
     * Takes {@code waiter} out of the queue if it is still there (timeout, interrupt, cancellation).
     *
     * @return true if it was queued and is now abandoned; false if it had been granted (it then holds its permits)
     *         or never queued
     */
    boolean abandon(Waiter waiter) {
        if (waiter.state != Waiter.QUEUED) {
            return false; // no lock needed: a waiter never goes back to QUEUED
        }
        Waiter granted = null;
        lock.lock();
        try {
            if (waiter.state != Waiter.QUEUED) {
                return false;
            }
            boolean wasHead = waiter == head;
            unlink(waiter);
            waiter.state = Waiter.ABANDONED;
            // Only the head can have been blocking the others (a large head blocks smaller ones behind it), so
            // removing it may let the next ones in even though no permit was released.
            if (wasHead) {
                granted = drain(-ONE_WAITER);
            } else {
                STATE.getAndAdd(this, -ONE_WAITER);
            }
        } finally {
            lock.unlock();
        }
        Waiter.dispatch(granted);
        return true;
    }

    /**
     * Applies {@code delta} to the state word and grants, from the front, every waiter that then fits; stops at the
     * first that does not. Under the lock, with at least one waiter queued, so the word cannot change meanwhile.
     *
     * <p>The change and all the grants it allows are published in one atomic update: a lock-free reader
     * ({@link #used()}, {@link #waiters()}, stats) never sees permits freed but not yet handed to the waiters that
     * fit, nor a waiter counted as both queued and holding permits (found by the Lincheck model check).
     */
    private Waiter drain(long delta) {
        long start = state;
        long next = start + delta;
        Waiter first = null;
        Waiter last = null;
        for (Waiter w = head; w != null; w = head) {
            if ((next & USED_MASK) + w.weight > max) {
                break;
            }
            next += w.weight - ONE_WAITER;
            unlink(w);
            if (last == null) {
                first = w;
            } else {
                last.next = w;
            }
            last = w;
        }
        STATE.getAndAdd(this, next - start);
        // Marked after the word is updated (still under the lock): a granted waiter never runs ahead of its permits.
        for (Waiter w = first; w != null; w = w.next) {
            w.state = Waiter.GRANTED;
        }
        return first;
    }

    private void link(Waiter w) {
        w.state = Waiter.QUEUED;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
    }
}
