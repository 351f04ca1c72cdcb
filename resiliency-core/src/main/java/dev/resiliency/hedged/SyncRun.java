package dev.resiliency.hedged;

import dev.resiliency.internal.Futures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The blocking driver: every copy runs on the executor as a {@link FutureTask} that reports itself to this call
 * when it ends; the caller thread waits for the next report for at most the hedge delay (or what is left of the
 * timeout), which is the reference runner's receive-with-timeout loop. No busy wait, no extra thread: the caller
 * parks without a timeout and the {@link HedgeWatch} wakes it when the wait runs out (see there why not a timed
 * park), so waits follow the {@code ticker} and the {@code scheduler} like the non-blocking driver's timers.
 *
 * <p>Why not a {@code BlockingQueue}: a call is one hand-off to the executor and back, and a queue's locks,
 * conditions and nodes cost more than the rest of the call. Copies report through an intrusive lock-free stack
 * (a finished copy pushes itself: no node), and the caller parks itself, publishing its thread in {@code waiter}
 * before it re-checks the stack. A copy pushes before it reads {@code waiter}; both are volatile, so either the
 * caller's re-check sees the push or the copy sees the waiter and unparks it: no lost wake-up. A copy that reads
 * the waiter just before the caller resumes on its own may unpark it once more later, which {@code park}'s
 * contract (spurious returns) allows. Spawned copies are chained through the copies themselves (no list).
 */
class SyncRun<T> extends HedgeRun {

    private static final VarHandle COMPLETED;
    /** How early the watch wakes a waiting caller, at most; see {@link #next}. */
    private static final long FINAL_STRETCH_NANOS = 1_000_000;

    static {
        try {
            COMPLETED = MethodHandles.lookup().findVarHandle(SyncRun.class, "completed", Copy.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Callable<T> callable;
    /** Copies that finished and were not taken yet, newest first (a Treiber stack linked by {@code nextDone}). */
    private volatile Copy<T> completed;
    /** The caller thread while it is about to park or parked, else null. */
    private volatile Thread waiter;
    /** Taken from {@code completed} and not handled yet, oldest first; confined to the thread handling events. */
    private Copy<T> ready;
    /** The most recently spawned copy; earlier ones follow {@code previousSpawned}. */
    Copy<T> lastSpawned;

    /** The outcome to record in {@link #cleanUp()}. */
    boolean abandoned;
    boolean succeeded;
    int winner = -1;

    SyncRun(Hedged owner, Callable<T> callable) {
        super(owner);
        this.callable = callable;
    }

    @Override
    void spawn(int index) {
        Copy<T> copy = new Copy<>(this, index);
        copy.previousSpawned = lastSpawned;
        lastSpawned = copy;
        try {
            owner.executor.execute(copy);
        } catch (RejectedExecutionException rejected) {
            copy.reject(rejected); // reported like any failure of that copy
        }
    }

    T call() throws Exception {
        try {
            startOriginal();
            return await();
        } finally {
            cleanUp();
        }
    }

    /** The event loop: waits for outcomes, fires hedges when the delay runs out, until the call is decided. */
    final T await() throws Exception {
        while (true) {
            Throwable end = settleIfIdle();
            if (end != null) {
                throw Futures.<Exception>sneakyThrow(end);
            }
            if (delayNanos == 0) {
                // Race mode: every copy starts at once, before any outcome is looked at.
                while (hedgesLeft()) {
                    fireNext();
                }
            }
            // Past the deadline, an outcome already delivered still counts (like a receive with a zero timeout
            // that finds a message waiting): poll without waiting, then time out if there is none.
            long now = owner.ticker.read();
            long remaining = Math.max(0, deadlineNanos - now);
            Copy<T> copy;
            try {
                copy = next(now, hedgesLeft() ? Math.min(delayNanos, remaining) : remaining);
            } catch (InterruptedException interrupted) {
                // The caller gave up: cleanUp cancels every copy; the call is not recorded.
                abandoned = true;
                Thread.currentThread().interrupt();
                throw interrupted;
            }
            if (copy == null) {
                // The delay ran out with no event (the timer restarts after every event, as in the reference).
                if (pastDeadline()) {
                    throw timeout();
                }
                if (hedgesLeft()) {
                    fireNext();
                }
                continue;
            }
            Throwable failure;
            try {
                T value = copy.get(); // done: never blocks
                succeeded = true;
                winner = copy.index;
                return value;
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            end = onFailure(failure);
            if (end != null) {
                throw Futures.<Exception>sneakyThrow(end);
            }
        }
    }

    /**
     * Losers, hung copies and the copies of a failed call are interrupted; their late reports land in this call's
     * stack, which nobody reads any more. Records the call unless the caller abandoned it.
     */
    final void cleanUp() {
        cancelCopies(null);
        if (!abandoned) {
            finish(succeeded, winner);
        }
    }

    /** Cancels (interrupting) every spawned copy but {@code keep} that has not finished. */
    final void cancelCopies(Copy<T> keep) {
        for (Copy<T> copy = lastSpawned; copy != null; copy = copy.previousSpawned) {
            if (copy != keep && !copy.isDone()) {
                copy.cancel(true);
            }
        }
    }

    /**
     * The next finished copy, waiting until the ticker passes {@code now + timeoutNanos} for one.
     *
     * @return null when none finished in time
     * @throws InterruptedException if the caller is interrupted (also when it already was on entry)
     */
    final Copy<T> next(long now, long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Copy<T> copy = poll();
        if (copy != null || timeoutNanos <= 0) {
            return copy;
        }
        Thread caller = Thread.currentThread();
        long until = now + timeoutNanos;
        // The watch's wake-up comes through the scheduler's thread, one more thread hop than a timed park, so it
        // is asked for a little early and the last stretch is a timed park: only a wait that nearly runs out pays
        // for a kernel timer, and the hedge still fires on time.
        Wait wait = new Wait(caller, until - Math.min(timeoutNanos / 2, FINAL_STRETCH_NANOS));
        owner.watch.watch(wait);
        try {
            while (true) {
                waiter = caller;
                copy = poll(); // the re-check after publishing the waiter, see the class comment
                if (copy != null) {
                    return copy;
                }
                if (!wait.expired) {
                    LockSupport.park(this);
                } else {
                    long left = until - owner.ticker.read();
                    if (left <= 0) {
                        return null;
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiter = null;
            wait.ended = true;
        }
    }

    /** The oldest finished copy not taken yet, or null; never waits. One consumer at a time. */
    @SuppressWarnings("unchecked")
    final Copy<T> poll() {
        Copy<T> copy = ready;
        if (copy == null) {
            if (completed == null) {
                return null;
            }
            // Take the whole stack at once and reverse it, so that outcomes are handled in the order they came.
            Copy<T> taken = (Copy<T>) COMPLETED.getAndSet(this, null);
            while (taken != null) {
                Copy<T> next = taken.nextDone;
                taken.nextDone = copy;
                copy = taken;
                taken = next;
            }
        }
        ready = copy.nextDone;
        copy.nextDone = null;
        return copy;
    }

    /** Called by a copy when it finished (on its own thread, or on the spawning thread when rejected). */
    void reported(Copy<T> copy) {
        while (true) {
            Copy<T> head = completed;
            copy.nextDone = head;
            if (COMPLETED.compareAndSet(this, head, copy)) {
                break;
            }
        }
        wakeWaiter();
    }

    final void wakeWaiter() {
        Thread parked = waiter;
        if (parked != null) {
            LockSupport.unpark(parked);
        }
    }

    /** One wait of the caller, woken by the watch when its time is up. */
    private static final class Wait implements Watched {
        private final Thread caller;
        private final long wakeAt;
        private Watched nextWatched;
        /** Set by the watch before it unparks the caller. */
        volatile boolean expired;
        /** Set by the caller when the wait is over, so that the watch drops it. */
        volatile boolean ended;

        Wait(Thread caller, long wakeAt) {
            this.caller = caller;
            this.wakeAt = wakeAt;
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

        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public void wake() {
            expired = true;
            // Unconditional: a caller that is not parked yet finds the permit, or sees expired first. One that has
            // moved on keeps a stray permit, which park's contract (spurious returns) allows.
            LockSupport.unpark(caller);
        }
    }

    /** One copy of the call; reports itself to the call when done. */
    static final class Copy<T> extends FutureTask<T> {
        final int index;
        private final SyncRun<T> run;
        /** Link in the call's stack of finished copies. */
        Copy<T> nextDone;
        /** Link in the call's chain of spawned copies. */
        Copy<T> previousSpawned;

        Copy(SyncRun<T> run, int index) {
            super(run.callable);
            this.run = run;
            this.index = index;
        }

        @Override
        protected void done() {
            run.reported(this);
        }

        void reject(Throwable failure) {
            setException(failure);
        }
    }
}
