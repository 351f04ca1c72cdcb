package dev.resiliency.semaphore;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One {@code acquireAsync} call: the future handed to the user, the supplier to start once the permits are held,
 * and, while queued, the timer of its timeout.
 *
 * <p>Its permits are released exactly once, by whichever comes first of: the supplier's stage completing (the
 * normal case), or {@link #start()} finding that the user's future was already completed (cancelled,
 * {@code orTimeout}...) between the grant and the start.
 *
 * <p>Registered as the completion action of {@link #result}: if the user completes or cancels that future while the
 * call is queued, the call leaves the queue; while it runs, the supplier's stage is cancelled, which releases the
 * permits as soon as that stage honours the cancellation.
 */
final class AsyncWaiter<T> extends Waiter implements BiConsumer<Object, Throwable> {

    final CompletableFuture<T> result = new CompletableFuture<>();
    private final WeightedSemaphore semaphore;
    private final Supplier<? extends CompletionStage<T>> supplier;
    private volatile CompletableFuture<T> stage;
    private volatile Future<?> timer;
    private Duration timeout; // written before the timer is scheduled, read by it

    AsyncWaiter(WeightedSemaphore semaphore, int weight, Supplier<? extends CompletionStage<T>> supplier) {
        super(weight);
        this.semaphore = semaphore;
        this.supplier = supplier;
    }

    @Override
    void granted() {
        start();
    }

    /** Runs the supplier; the permits are held. */
    void start() {
        Future<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        if (result.isDone()) {
            semaphore.permits().release(weight); // given up between the grant and now: never ran
            return;
        }
        try {
            semaphore.onAcquired(weight);
        } catch (Throwable listenerError) {
            // An Error from an event listener (the publisher swallows exceptions): like a blocking call, the call
            // does not run and its permits go back. Never rethrown here: this may run inside the release of another
            // call, which must complete, and inside a dispatch that still has other waiters to start.
            semaphore.permits().release(weight);
            result.completeExceptionally(listenerError);
            return;
        }
        CompletableFuture<T> s = Futures.invoke(supplier);
        stage = s;
        s.whenComplete((value, failure) -> {
            try {
                semaphore.release(weight);
            } finally { // even if a listener of the release throws an Error, the caller gets its outcome
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(Futures.unwrap(failure));
                }
            }
        });
        // Pairs with accept(): a cancellation that read stage == null is seen here (both fields are volatile).
        if (result.isDone() && !s.isDone()) {
            s.cancel(true);
        }
    }

    /** Arms the timeout of a queued call; harmless if the call was granted meanwhile. */
    void armTimer(Duration timeout) {
        this.timeout = timeout;
        timer = semaphore.scheduler().schedule(this::expire, timeout);
        if (state != QUEUED) {
            timer.cancel(false); // granted or gone before the timer was stored: start() may have missed it
        }
    }

    private void expire() {
        if (semaphore.permits().abandon(this)) {
            semaphore.onTimedOut(weight);
            result.completeExceptionally(new ResiliencyTimeoutException(semaphore.name(), "waiting for permits", timeout));
        }
    }

    /** The user's future completed, by us or by someone else. */
    @Override
    public void accept(Object value, Throwable failure) {
        if (semaphore.permits().abandon(this)) {
            Future<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            return;
        }
        CompletableFuture<T> s = stage;
        if (s != null && !s.isDone()) {
            s.cancel(true);
        }
    }
}
