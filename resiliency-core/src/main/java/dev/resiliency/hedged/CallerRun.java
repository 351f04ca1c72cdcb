package dev.resiliency.hedged;

import dev.resiliency.internal.Futures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The blocking driver of {@link Hedged.Builder#primaryOnCallerThread(boolean) primaryOnCallerThread}: the original
 * copy runs on the caller's thread, so a call whose hedge never fires costs no thread hand-off at all. Its hedges
 * and its deadline are driven by the {@link HedgeWatch} while the primary runs.
 *
 * <p>Ownership of the run's state, in {@code state}:
 * <ul>
 *   <li>{@code PRIMARY}: the caller runs the primary and nothing else has happened. If the primary returns first,
 *       one CAS to {@code CALLER} settles it: no lock, no timer cancelled (the watch drops the run lazily).</li>
 *   <li>{@code SHARED}: the watch woke the run (a hedge or the deadline is due) while the primary still runs.
 *       From then on the timer and the hedges' completions drive it under {@code synchronized (this)}, firing
 *       further hedges and handling outcomes exactly as {@link SyncRun#await()} would. When they decide the call
 *       (a hedge won, an {@link Error}, the deadline, {@code onHedge}/{@code nonFatal} throwing) they cancel the
 *       other hedges and interrupt the caller, which is still inside the primary.</li>
 *   <li>{@code CALLER}: the primary returned and the caller took the lock. It clears an interrupt that was ours
 *       (delivered under the lock while {@code SHARED}, so it is set by the time the caller gets the lock, and
 *       never issued once the caller holds it: nothing leaks past the call), then returns the decided outcome or,
 *       if nothing was decided, handles the primary's own outcome and continues with {@link SyncRun#await()}.</li>
 * </ul>
 * Only effective when the primary responds to interrupts: an uninterruptible primary keeps the caller until it
 * returns, even past the winning hedge or the deadline.
 */
final class CallerRun<T> extends SyncRun<T> implements Watched {

    private static final int PRIMARY = 0;
    private static final int SHARED = 1;
    private static final int CALLER = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallerRun.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread caller = Thread.currentThread();
    private volatile int state = PRIMARY;

    /** The watch's bookkeeping: when to wake this run, and its link in the watch's inbox. */
    private long wakeAt;
    private Watched nextWatched;

    // Guarded by this while SHARED, then read by the caller after it took the lock.
    private long lastEventNanos;
    private boolean decided;
    private boolean advancing;
    private boolean interruptedPrimary;
    private T winnerValue;
    private Throwable end;

    CallerRun(Hedged owner, Callable<T> callable) {
        super(owner, callable);
    }

    @Override
    T call() throws Exception {
        dispatched = 1;
        pending = 1;
        try {
            wakeAt = nextWake(startNanos);
            owner.watch.watch(this);
        } catch (RuntimeException | Error e) {
            state = CALLER; // the scheduler refused: nothing ran, and the watch must never wake this run
            throw e;
        }
        T value;
        try {
            value = callable.call();
        } catch (Throwable failure) {
            return afterPrimary(null, failure);
        }
        if (STATE.compareAndSet(this, PRIMARY, CALLER)) {
            finish(true, 0); // the common case: nothing else happened, nothing to cancel
            return value;
        }
        return afterPrimary(value, null);
    }

    @Override
    public long wakeAt() {
        return wakeAt;
    }

    @Override
    public Watched nextWatched() {
        return nextWatched;
    }

    @Override
    public void nextWatched(Watched next) {
        nextWatched = next;
    }

    /** Whether the caller owns the run again: the watch drops it. */
    @Override
    public boolean ended() {
        return state == CALLER;
    }

    /** Due: the work (user callbacks, spawning) goes to the executor; the scheduler's thread must stay free. */
    @Override
    public void wake() {
        try {
            owner.executor.execute(this::onTimer);
        } catch (RejectedExecutionException rejected) {
            onTimer(); // late rather than never: the deadline must still interrupt the primary
        }
    }

    private T afterPrimary(T value, Throwable failure) throws Exception {
        boolean ours = takeOver();
        try {
            if (decided) {
                if (end != null) {
                    throw Futures.<Exception>sneakyThrow(end);
                }
                succeeded = true;
                return winnerValue;
            }
            if (failure == null) {
                succeeded = true;
                winner = 0;
                return value;
            }
            if (failure instanceof InterruptedException && !ours) {
                // The caller's own thread was interrupted: it gives up, as when interrupted while waiting.
                abandoned = true;
                Thread.currentThread().interrupt();
                throw (InterruptedException) failure;
            }
            Throwable ended = onFailure(failure);
            if (ended != null) {
                throw Futures.<Exception>sneakyThrow(ended);
            }
            return await();
        } finally {
            cleanUp();
        }
    }

    /** Takes the run back from the watch; true if the primary was interrupted by us (that interrupt is cleared). */
    private boolean takeOver() {
        if (STATE.compareAndSet(this, PRIMARY, CALLER)) {
            return false;
        }
        boolean ours;
        synchronized (this) {
            state = CALLER;
            ours = interruptedPrimary;
        }
        if (ours) {
            // An interrupt of the caller by someone else at the same moment is indistinguishable and cleared too.
            Thread.interrupted();
        }
        return ours;
    }

    /** On an executor thread, when the watch found this run due (a hedge or the deadline). */
    void onTimer() {
        synchronized (this) {
            if (state == PRIMARY) {
                if (!STATE.compareAndSet(this, PRIMARY, SHARED)) {
                    return; // the caller took it back first
                }
                lastEventNanos = startNanos;
            } else if (state != SHARED) {
                return;
            }
            advance();
            if (!decided) {
                try {
                    wakeAt = nextWake(lastEventNanos);
                    owner.watch.watch(this);
                } catch (RuntimeException | Error e) {
                    decide(null, e); // without a timer nothing would stop a hung primary at the deadline
                }
            }
        }
    }

    @Override
    void reported(Copy<T> copy) {
        super.reported(copy);
        if (state == SHARED) {
            synchronized (this) {
                if (state == SHARED) {
                    advance();
                }
            }
        }
    }

    /**
     * While SHARED: handles the hedges' outcomes, then the deadline, then fires the next hedge if its delay ran out.
     * A copy that completes inside {@code spawn} (a direct executor) reports re-entrantly; it is left on the stack
     * for the loop, so the run's counters are never updated halfway through {@code fireNext}.
     */
    private void advance() {
        if (decided || advancing) {
            return;
        }
        advancing = true;
        try {
            while (!decided) {
                Copy<T> copy = poll();
                if (copy != null) {
                    handle(copy);
                    continue;
                }
                if (pastDeadline()) {
                    decide(null, timeout());
                    return;
                }
                long now = owner.ticker.read();
                if (!hedgesLeft() || now - lastEventNanos < delayNanos) {
                    return;
                }
                if (fireNext()) {
                    lastEventNanos = now;
                }
            }
        } catch (Throwable failure) {
            // onHedge or nonFatal threw (Q13), or fireNext found the deadline passed.
            decide(null, failure);
        } finally {
            advancing = false;
        }
    }

    private void handle(Copy<T> copy) {
        T value;
        try {
            value = copy.get(); // done: never blocks
        } catch (ExecutionException e) {
            lastEventNanos = owner.ticker.read();
            Throwable ended = onFailure(e.getCause());
            if (ended != null) {
                decide(null, ended);
            }
            return;
        } catch (InterruptedException e) {
            throw new AssertionError("a done copy never blocks", e);
        }
        winnerValue = value;
        winner = copy.index;
        decide(copy, null);
    }

    /** The call is decided while the primary runs: cancel the other hedges, then interrupt the primary. */
    private void decide(Copy<T> keep, Throwable failure) {
        decided = true; // first: cancelling a copy reports it re-entrantly
        end = failure;
        cancelCopies(keep);
        interruptedPrimary = true;
        caller.interrupt();
    }

    /** When to wake next: the next hedge's delay after the last event, or the deadline. */
    private long nextWake(long lastEvent) {
        if (hedgesLeft()) {
            long hedgeAt = lastEvent + delayNanos;
            if (hedgeAt - deadlineNanos < 0) {
                return hedgeAt;
            }
        }
        return deadlineNanos;
    }
}
