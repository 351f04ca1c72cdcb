package dev.resiliency.retry;

import dev.resiliency.RetryAbortedException;
import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One {@link BackoffRetry#callAsync} call: attempts chained through their futures, with the waits on the
 * scheduler. Attempts are strictly sequential, so at most one thing is in flight at a time: the current attempt's
 * future or the timer of the next attempt.
 */
final class AsyncRetry<T> {

    /** Put in {@link #inFlight} once the returned future is complete: nothing may start after it. */
    private static final Object STOPPED = new Object();

    private final BackoffRetry retry;
    private final RetryRecorder recorder;
    private final Supplier<? extends CompletionStage<T>> supplier;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final long start;

    /**
     * The attempt future or the timer handle in flight, or {@link #STOPPED}. Whoever completes the returned future
     * swaps in STOPPED and cancels what it found; whoever starts something publishes it here and, if it finds
     * STOPPED, cancels it itself. One of the two always sees the other, so nothing survives a cancellation.
     */
    private final AtomicReference<Object> inFlight = new AtomicReference<>();

    /** Ensures a call is counted once, whether we settle it or the caller cancels the returned future. */
    private final AtomicBoolean recorded = new AtomicBoolean();

    /** Attempts started; written before each attempt starts, read when the caller cancels. */
    private volatile int attempts;

    AsyncRetry(BackoffRetry retry, Supplier<? extends CompletionStage<T>> supplier) {
        this.retry = retry;
        this.recorder = retry.recorder();
        this.supplier = supplier;
        this.start = retry.startTime();
    }

    CompletableFuture<T> start() {
        result.whenComplete((value, failure) -> onResultCompleted(failure));
        runAttempt(1);
        return result;
    }

    private void runAttempt(int attempt) {
        if (inFlight.get() == STOPPED) {
            return;
        }
        attempts = attempt;
        if (attempt > 1) {
            recorder.retry();
        }
        CompletableFuture<T> future = Futures.invoke(supplier);
        Object current;
        do {
            current = inFlight.get();
            if (current == STOPPED) {
                future.cancel(true);
                return;
            }
        } while (!inFlight.compareAndSet(current, future));
        // Registered after publishing the future, so a callback that runs at once (a stage already complete) finds
        // this attempt in flight and can replace it with its timer.
        future.whenComplete((value, failure) -> onAttemptCompleted(attempt, future, value, failure));
    }

    private void onAttemptCompleted(int attempt, CompletableFuture<T> future, T value, Throwable failure) {
        if (result.isDone()) {
            return; // cancelled by the caller: already counted
        }
        Throwable error = failure == null ? null : Futures.unwrap(failure);
        if (error instanceof RetryAbortedException) {
            if (recorded.compareAndSet(false, true)) {
                error = recorder.aborted(attempt, (RetryAbortedException) error);
            } else {
                error = error.getCause() != null ? error.getCause() : error;
            }
            result.completeExceptionally(error);
            return;
        }
        if (error instanceof Error) {
            fail(attempt, error, null);
            return;
        }
        try {
            if (error == null && !retry.isRejected(value)) {
                if (recorded.compareAndSet(false, true)) {
                    recorder.success(attempt);
                }
                result.complete(value);
                return;
            }
            Duration delay = retry.retryDelay(attempt, error, value, start);
            if (delay == null) {
                fail(attempt, error, value);
                return;
            }
            Future<?> timer = retry.scheduler().schedule(() -> startLater(attempt + 1), delay);
            // Fails when the timer already fired (the next attempt replaced this one) or the call was stopped; in
            // the latter case the timer is ours to cancel.
            if (!inFlight.compareAndSet(future, timer) && inFlight.get() == STOPPED) {
                timer.cancel(false);
            }
        } catch (Throwable callbackFailure) {
            fail(attempt, callbackFailure, null);
        }
    }

    /** Runs on the timer thread: hands the attempt to the executor so that the shared timer is never held up. */
    private void startLater(int attempt) {
        if (inFlight.get() == STOPPED) {
            return;
        }
        try {
            retry.executor().execute(() -> runAttempt(attempt));
        } catch (Throwable rejected) {
            fail(attempt - 1, rejected, null);
        }
    }

    private void fail(int attempt, Throwable error, T value) {
        if (recorded.compareAndSet(false, true)) {
            recorder.failure(attempt, error);
        }
        if (error != null) {
            result.completeExceptionally(error);
        } else {
            result.complete(value);
        }
    }

    /** Runs whenever the returned future completes: by us, or by the caller (cancel, complete, orTimeout...). */
    private void onResultCompleted(Throwable failure) {
        Object previous = inFlight.getAndSet(STOPPED);
        if (previous instanceof Future) {
            ((Future<?>) previous).cancel(true); // harmless when it is the attempt that just settled the call
        }
        if (recorded.compareAndSet(false, true)) {
            // Completed by the caller before we settled it: the call did not succeed on our side.
            recorder.failure(Math.max(attempts, 1), failure == null ? null : Futures.unwrap(failure));
        }
    }
}
