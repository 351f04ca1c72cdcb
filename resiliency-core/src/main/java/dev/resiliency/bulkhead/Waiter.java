package dev.resiliency.bulkhead;

import java.util.concurrent.Future;

/**
 * A caller queued in a {@link PermitPool}: a node of its intrusive FIFO list, and the task its wait timer runs.
 *
 * <p>{@link #status} leaves {@link #WAITING} exactly once, always under the pool's lock and together with the
 * node's removal from the queue, so whoever makes that transition (a releaser handing over its permit, the timer,
 * the waiter giving up, a reset) is the only one to act on it. It is volatile so that the waiter can poll it
 * without the lock.
 */
abstract class Waiter implements Runnable {

    static final int NEW = 0;
    static final int WAITING = 1;
    static final int GRANTED = 2;
    static final int TIMED_OUT = 3;
    static final int REJECTED = 4;
    static final int ABANDONED = 5;

    final PermitPool pool;

    volatile int status = NEW;

    /** The epoch of the permit handed over; written before {@code status = GRANTED}, read after it. */
    long epoch;

    /** Queue links, guarded by the pool's lock. */
    Waiter prev;
    Waiter next;

    private volatile Future<?> timer;

    Waiter(PermitPool pool) {
        this.pool = pool;
    }

    /** The wait timer fired: leave the queue unless something else happened to this waiter first. */
    @Override
    public final void run() {
        if (pool.leave(this, TIMED_OUT)) {
            onTimedOutOrRejected();
        }
    }

    /** Keeps the timer handle so that a grant can cancel it; cancels it at once if the wait is already over. */
    final void setTimer(Future<?> handle) {
        timer = handle;
        if (status != WAITING) {
            handle.cancel(false);
        }
    }

    final void cancelTimer() {
        Future<?> handle = timer;
        if (handle != null) {
            handle.cancel(false);
        }
    }

    /**
     * Called (outside the lock) by the releaser that handed this waiter its permit.
     *
     * @return true if the releaser must now run this waiter's work (async waiters), false if the waiter's own
     *     thread will (sync waiters: woken up)
     */
    abstract boolean onGranted();

    /** Called (outside the lock) by the timer or by a reset after it moved this waiter out of the queue. */
    abstract void onTimedOutOrRejected();
}
