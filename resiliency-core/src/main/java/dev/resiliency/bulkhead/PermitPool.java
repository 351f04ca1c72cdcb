package dev.resiliency.bulkhead;

import dev.resiliency.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The permits of a {@link Bulkhead}, its FIFO queue of waiters, and the count of permits ever granted.
 *
 * <h2>State</h2>
 * One {@link AtomicLong}: bits 0-30 count the permits held ({@code active}), bit 31 ({@link #WAITERS}) says the
 * queue is not empty, bits 32-47 ({@link #ENDED}) count the permits given back since the last flush, bits 48-63
 * are the epoch, bumped by {@link #reset()} so that releases of permits granted before a reset are recognised and
 * ignored (it wraps after 65,536 resets, which would need a call to hold one permit across all of them).
 *
 * <h2>Counting without a second atomic</h2>
 * Every permit granted is either still held ({@code active}) or was given back, so the cumulative count of
 * grants is {@code ended + active}, read from one snapshot of the state. The release CAS bumps {@code ended} in
 * the same instruction that frees the permit, so counting costs no extra atomic operation on the fast path (a
 * {@code LongAdder} next to the CAS measurably did). The 16-bit field is flushed into {@link #endedFlushed},
 * under the lock, by the release that would overflow it (one in 65,536); {@link #granted()} reads under the same
 * lock, so it never sees a flush half done.
 *
 * <h2>Fast path (no waiter queued)</h2>
 * Acquire is one CAS {@code active -> active + 1} that is only attempted when {@code active < max} and the
 * {@link #WAITERS} bit is clear; release is one CAS {@code active -> active - 1, ended -> ended + 1} when the bit
 * is clear and {@code ended} has room. No lock, no allocation.
 *
 * <h2>Slow path and why no wake-up is lost</h2>
 * A caller that finds the bulkhead full takes the lock and, still holding it, re-reads the state: if a permit
 * was released between its fast-path read and now, it simply takes it; otherwise it raises the {@link #WAITERS}
 * bit <em>by CAS</em> and only then links its node. The CAS is the linearisation point: a release whose CAS
 * happened before it is visible in the re-read; a release after it sees the bit, cannot complete its fast-path
 * CAS (the expected value has no bit), and must take the lock, where it finds the node. While the bit is set
 * no fast-path CAS can succeed, so the state only changes under the lock.
 *
 * <h2>FIFO without barging</h2>
 * A release with waiters queued does not decrement {@code active}: the permit passes straight to the head of
 * the queue (counted as one permit ended and, through {@code active}, one granted). A newcomer sees the bit (or,
 * under the lock, a non-empty queue) and queues behind, so it can never overtake a waiter, and a permit is never
 * free while someone waits: the queue is not empty only while {@code active == max}.
 */
final class PermitPool {

    static final long NO_PERMIT = -1L;

    private static final long ACTIVE = 0x7FFF_FFFFL;
    private static final long WAITERS = 1L << 31;
    private static final long ACTIVE_AND_WAITERS = ACTIVE | WAITERS;
    private static final int ENDED_SHIFT = 32;
    private static final long ENDED_ONE = 1L << ENDED_SHIFT;
    private static final long ENDED_FIELD_MAX = 0xFFFFL;
    private static final long ENDED = ENDED_FIELD_MAX << ENDED_SHIFT;
    private static final int EPOCH_SHIFT = 48;

    private final int max;
    private final String name;
    private final EventPublisher<BulkheadEvent> events;
    private final AtomicLong state = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private Waiter head;
    /** Permits given back and flushed out of the ENDED field, plus those forgotten by reset(). Guarded by lock. */
    private long endedFlushed;
    private Waiter tail;
    // Written under lock; volatile for stats().
    private volatile int waiting;

    PermitPool(int max, String name, EventPublisher<BulkheadEvent> events) {
        this.max = max;
        this.name = name;
        this.events = events;
    }

    /** Lock-free attempt: the permit's epoch, or {@link #NO_PERMIT} if none is free or someone is queued. */
    long tryAcquire() {
        for (;;) {
            long s = state.get();
            // With the WAITERS bit set the masked value exceeds any max: queued callers go first.
            if ((s & ACTIVE_AND_WAITERS) >= max) {
                return NO_PERMIT;
            }
            if (state.compareAndSet(s, s + 1)) {
                return s >>> EPOCH_SHIFT;
            }
        }
    }

    /**
     * Takes a permit if one is free and nobody is queued, else appends {@code waiter} to the queue.
     *
     * @return the permit's epoch, or {@link #NO_PERMIT} if the waiter was queued
     */
    long acquireOrEnqueue(Waiter waiter) {
        lock.lock();
        try {
            for (;;) {
                long s = state.get();
                if ((s & WAITERS) == 0) {
                    if ((s & ACTIVE) < max) {
                        if (state.compareAndSet(s, s + 1)) {
                            return s >>> EPOCH_SHIFT;
                        }
                        continue;
                    }
                    // See the class comment: once this CAS succeeds every releaser comes through the lock.
                    if (!state.compareAndSet(s, s | WAITERS)) {
                        continue;
                    }
                }
                link(waiter);
                return NO_PERMIT;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back a permit of {@code epoch}: hands it to the head waiter if there is one, else frees it. A permit
     * from before the last {@link #reset()} is ignored.
     *
     * @return an async waiter that received the permit and whose work the caller must now start, or null
     */
    Waiter release(long epoch) {
        for (;;) {
            long s = state.get();
            if ((s >>> EPOCH_SHIFT) != epoch) {
                return null; // granted before a reset: forgotten
            }
            if ((s & WAITERS) != 0 || (s & ENDED) == ENDED) {
                return releaseLocked(epoch);
            }
            if (state.compareAndSet(s, s - 1 + ENDED_ONE)) {
                finished();
                return null;
            }
        }
    }

    /** The release of a permit when someone waits for it or the {@code ended} field is full. */
    private Waiter releaseLocked(long epoch) {
        Waiter granted;
        lock.lock();
        try {
            for (;;) {
                long s = state.get();
                if ((s >>> EPOCH_SHIFT) != epoch) {
                    return null; // reset while we waited for the lock
                }
                if ((s & WAITERS) == 0) {
                    // Nobody waits (any more): free the permit. Fast-path acquires can still move the state.
                    boolean flush = (s & ENDED) == ENDED;
                    long next = flush ? (s - 1) & ~ENDED : s - 1 + ENDED_ONE;
                    if (state.compareAndSet(s, next)) {
                        if (flush) {
                            endedFlushed += ENDED_FIELD_MAX + 1;
                        }
                        granted = null;
                        break;
                    }
                    continue;
                }
                // The bit is set, so the state only changes under this lock: the update cannot race.
                if ((s & ENDED) == ENDED) {
                    state.getAndAdd(-ENDED);
                    endedFlushed += ENDED_FIELD_MAX + 1;
                } else {
                    state.getAndAdd(ENDED_ONE);
                }
                granted = head;
                unlink(granted);
                granted.epoch = epoch;
                granted.status = Waiter.GRANTED;
                // active stays the same: the permit changes hands without ever being free.
                break;
            }
        } finally {
            lock.unlock();
        }
        finished();
        if (granted == null) {
            return null;
        }
        granted.cancelTimer();
        return granted.onGranted() ? granted : null;
    }

    /**
     * Moves {@code waiter} out of the queue into {@code newStatus} if it is still waiting.
     *
     * @return true if this call made the transition, false if the waiter was already granted or removed
     */
    boolean leave(Waiter waiter, int newStatus) {
        lock.lock();
        try {
            if (waiter.status != Waiter.WAITING) {
                return false;
            }
            unlink(waiter);
            waiter.status = newStatus;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Rejects every waiter and forgets every holder (their later releases are ignored). */
    void reset() {
        List<Waiter> rejected = new ArrayList<>();
        lock.lock();
        try {
            for (Waiter w = head; w != null; w = w.next) {
                w.status = Waiter.REJECTED;
                rejected.add(w);
            }
            head = null;
            tail = null;
            waiting = 0;
            for (;;) {
                long s = state.get();
                if (state.compareAndSet(s, ((s >>> EPOCH_SHIFT) + 1) << EPOCH_SHIFT)) {
                    // The forgotten holders were granted all the same: keep them in the count.
                    endedFlushed += ((s & ENDED) >>> ENDED_SHIFT) + (s & ACTIVE);
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        for (Waiter w : rejected) {
            w.prev = null;
            w.next = null;
            w.cancelTimer();
            w.onTimedOutOrRejected();
        }
    }

    int active() {
        return (int) (state.get() & ACTIVE);
    }

    int waiting() {
        return waiting;
    }

    /** Permits granted since the pool was built (cumulative), including hand-offs to waiters. */
    long granted() {
        lock.lock();
        try {
            long s = state.get();
            return endedFlushed + ((s & ENDED) >>> ENDED_SHIFT) + (s & ACTIVE);
        } finally {
            lock.unlock();
        }
    }

    private void finished() {
        if (events.hasListeners()) {
            events.publish(new BulkheadEvent.CallFinished(name));
        }
    }

    private void link(Waiter waiter) {
        waiter.status = Waiter.WAITING;
        waiter.prev = tail;
        if (tail == null) {
            head = waiter;
        } else {
            tail.next = waiter;
        }
        tail = waiter;
        waiting++;
    }

    private void unlink(Waiter waiter) {
        Waiter prev = waiter.prev;
        Waiter next = waiter.next;
        if (prev == null) {
            head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.prev = prev;
        }
        waiter.prev = null;
        waiter.next = null;
        if (--waiting == 0) {
            // The state is stable while the bit is set (class comment); atomic anyway, to stay obviously correct.
            state.getAndAdd(-WAITERS);
        }
    }
}
