package dev.resiliency.hedged;

import dev.resiliency.internal.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The blocking driver: every copy runs on the executor as a {@link FutureTask}, which puts itself on this call's
 * completion queue when it ends; the caller thread waits on that queue for at most the hedge delay (or what is
 * left of the timeout), which is the reference runner's receive-with-timeout loop. No busy wait, no extra thread.
 */
final class SyncRun<T> extends HedgeRun {

    private final Callable<T> callable;
    private final BlockingQueue<Copy<T>> completed = new LinkedBlockingQueue<>();
    private final List<Copy<T>> copies = new ArrayList<>(2);

    SyncRun(Hedged owner, Callable<T> callable) {
        super(owner);
        this.callable = callable;
    }

    @Override
    void spawn(int index) {
        Copy<T> copy = new Copy<>(callable, index, completed);
        copies.add(copy);
        try {
            owner.executor.execute(copy);
        } catch (RejectedExecutionException rejected) {
            copy.reject(rejected); // reported through the queue like any failure of that copy
        }
    }

    T run() throws Exception {
        boolean record = true;
        boolean success = false;
        int winner = -1;
        try {
            startOriginal();
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
                long remaining = Math.max(0, deadlineNanos - owner.ticker.read());
                Copy<T> copy;
                try {
                    copy = completed.poll(hedgesLeft() ? Math.min(delayNanos, remaining) : remaining,
                            TimeUnit.NANOSECONDS);
                } catch (InterruptedException interrupted) {
                    // The caller gave up: the finally block cancels every copy; the call is not recorded.
                    record = false;
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
                    success = true;
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
        } finally {
            // Losers, hung copies and the copies of a failed call are interrupted; their late outcomes land in this
            // call's private queue, which nobody reads any more.
            for (Copy<T> copy : copies) {
                if (!copy.isDone()) {
                    copy.cancel(true);
                }
            }
            if (record) {
                finish(success, winner);
            }
        }
    }

    /** One copy of the call; reports itself to the call's queue when done. */
    static final class Copy<T> extends FutureTask<T> {
        final int index;
        private final BlockingQueue<Copy<T>> sink;

        Copy(Callable<T> callable, int index, BlockingQueue<Copy<T>> sink) {
            super(callable);
            this.index = index;
            this.sink = sink;
        }

        @Override
        protected void done() {
            sink.offer(this);
        }

        void reject(Throwable failure) {
            setException(failure);
        }
    }
}
