package dev.resiliency.hedged;

import dev.resiliency.ResiliencyTimeoutException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hedged call: the decisions of the reference runner (8.5) shared by the blocking and the non-blocking
 * drivers, which differ only in how they start a copy and wait for the next event.
 *
 * <p>Not thread-safe: each driver confines a run to one thread at a time (the caller thread for {@link SyncRun},
 * a serial event loop for {@link AsyncRun}, a lock then the caller thread for {@link CallerRun}).
 */
abstract class HedgeRun {

    final Hedged owner;
    final long startNanos;
    final long deadlineNanos;
    /** Read once per call, as the reference reads the tracker's config once at the start of a run. */
    final long delayNanos;

    /** Copies started so far, the original included; the next copy's index. */
    int dispatched;
    /** Copies started and not yet reported. */
    int pending;
    /** Whether this call fired a hedge, and therefore holds a reserved token cost. */
    boolean hedging;
    /** Whether the token bucket refused this call a hedge: it then runs its original copy only. */
    boolean denied;
    /** Every failure so far, oldest first; allocated by the first one (most calls have none). */
    private List<Throwable> failures;

    HedgeRun(Hedged owner) {
        this.owner = owner;
        this.startNanos = owner.ticker.read();
        this.deadlineNanos = startNanos + owner.timeoutNanos;
        this.delayNanos = owner.tracker.delayNanos();
    }

    /** Starts copy number {@code index} (0 = the original); its outcome must be reported later, never inline. */
    abstract void spawn(int index);

    final void startOriginal() {
        spawn(0);
        dispatched = 1;
        pending = 1;
    }

    final boolean hedgesLeft() {
        return !denied && dispatched < owner.maxRequests;
    }

    final boolean pastDeadline() {
        return owner.ticker.read() - deadlineNanos >= 0;
    }

    /**
     * Fires the next hedge: reserve its token cost (first hedge of the call only), publish the event, call
     * {@code onHedge}, start the copy.
     *
     * <p>Q14: the deadline is checked first, so no copy ever starts after it, not even when nothing is in flight
     * (where the reference would still fire one).
     *
     * @return false when the token bucket refused: the call stops hedging
     * @throws ResiliencyTimeoutException past the deadline
     */
    final boolean fireNext() {
        if (pastDeadline()) {
            throw timeout();
        }
        if (!hedging) {
            if (!owner.tracker.tryReserveHedge()) {
                denied = true;
                return false;
            }
            hedging = true;
        }
        owner.hedgeFired(dispatched + 1);
        spawn(dispatched);
        dispatched++;
        pending++;
        return true;
    }

    /**
     * A copy failed: a non-fatal failure fires the next copy at once, and so does any failure that leaves nothing in
     * flight. An {@link Error} ends the call at once, untouched.
     *
     * @return the throwable that ends the call, or null to keep waiting
     */
    final Throwable onFailure(Throwable failure) {
        pending--;
        if (failures == null) {
            failures = new ArrayList<>(2);
        }
        failures.add(failure);
        if (failure instanceof Error) {
            return failure;
        }
        if (hedgesLeft() && owner.nonFatal.test(failure)) {
            fireNext();
        }
        return settleIfIdle();
    }

    /**
     * With nothing in flight, fires the next copy at once whatever the delay, or gives up when none is left.
     *
     * @return the failure that ends the call, or null when a copy is in flight
     */
    final Throwable settleIfIdle() {
        while (pending == 0) {
            if (!hedgesLeft() || !fireNext()) {
                return lastFailure();
            }
        }
        return null;
    }

    /** The most recent failure, carrying the earlier ones as suppressed (each distinct instance once). */
    private Throwable lastFailure() {
        Throwable last = failures.get(failures.size() - 1);
        suppressInto(last);
        return last;
    }

    final ResiliencyTimeoutException timeout() {
        ResiliencyTimeoutException timeout = new ResiliencyTimeoutException(owner.name(), "hedged call", owner.timeout());
        suppressInto(timeout);
        return timeout;
    }

    private void suppressInto(Throwable target) {
        if (failures == null) {
            return;
        }
        // Identity, not equals: a callable may throw one shared instance from every copy, and addSuppressed rejects
        // the target itself.
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        seen.put(target, Boolean.TRUE);
        // A target that is a shared, preallocated instance already carries the failures of earlier calls: adding
        // them again would grow its suppressed list by one per call, forever.
        for (Throwable already : target.getSuppressed()) {
            seen.put(already, Boolean.TRUE);
        }
        for (Throwable failure : failures) {
            if (seen.put(failure, Boolean.TRUE) == null) {
                target.addSuppressed(failure);
            }
        }
    }

    /** Records the completed call (not called when the caller gave up on it) and publishes its event. */
    final void finish(boolean success, int winner) {
        owner.completed(owner.ticker.read() - startNanos, success, dispatched, hedging, success && winner > 0);
    }
}
