package dev.resiliency.singleflight;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One execution for one key, shared by every caller that joined it while it ran.
 *
 * <p>{@link #done} always completes normally (with this flight) once {@link #value} and {@link #failure} are set:
 * waiters read the outcome from the fields, so the leader's exception reaches them as the very same instance,
 * never wrapped by {@code CompletableFuture}'s exception handling. The fields are plain: completing {@code done}
 * publishes them to every thread that observes the completion.
 */
final class Flight {

    private static final AtomicIntegerFieldUpdater<Flight> HOLDERS =
            AtomicIntegerFieldUpdater.newUpdater(Flight.class, "holders");

    final Object key;
    final CompletableFuture<Flight> done = new CompletableFuture<>();
    Object value;
    Throwable failure;

    /**
     * The callers that may still want the outcome, the leader included. A synchronous caller holds the flight for
     * its whole life; an asynchronous caller lets go when it gives up on its own future (cancels it, or completes
     * it itself). Once it drops to 0 nobody can join any more: a newcomer starts a new flight instead.
     */
    private volatile int holders = 1;

    /**
     * The asynchronous leader's stage, cancelled once every holder has let go: the work inside it (permits of inner
     * layers, a hung downstream) must not outlive everyone who wanted it. Null for a synchronous leader, whose
     * callable runs in its own thread and ends with it. Set by the leader before it returns its own future, so
     * before any holder can let go last.
     */
    volatile CompletableFuture<?> stage;

    Flight(Object key) {
        this.key = key;
    }

    /** Joins this flight as one more holder; false when every holder already let go (it is being cancelled). */
    boolean join() {
        for (int n = this.holders; n > 0; n = this.holders) {
            if (HOLDERS.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** An asynchronous holder gives up; the last one out cancels the shared stage. */
    void leave() {
        if (HOLDERS.decrementAndGet(this) == 0) {
            CompletableFuture<?> shared = this.stage;
            if (shared != null) {
                shared.cancel(true);
            }
        }
    }
}
