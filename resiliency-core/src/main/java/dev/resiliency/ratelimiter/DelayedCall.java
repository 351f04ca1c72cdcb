package dev.resiliency.ratelimiter;

import dev.resiliency.Scheduler;
import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An async call whose tokens are reserved but exist only in {@code wait} nanoseconds: the supplier is started by
 * a {@link Scheduler} task at that moment, never by a blocked thread. Cancelling the returned future during the
 * wait cancels the timer (the reserved tokens stay spent); afterwards it cancels the supplier's stage.
 */
final class DelayedCall<T> implements Runnable, BiConsumer<T, Throwable> {

    final CompletableFuture<T> result = new CompletableFuture<>();

    private final RateLimiter limiter;
    private final int weight;
    private final Supplier<? extends CompletionStage<T>> supplier;
    private volatile CompletableFuture<T> running;

    private DelayedCall(RateLimiter limiter, int weight, Supplier<? extends CompletionStage<T>> supplier) {
        this.limiter = limiter;
        this.weight = weight;
        this.supplier = supplier;
    }

    static <T> CompletableFuture<T> schedule(RateLimiter limiter, Scheduler scheduler, int weight,
            Supplier<? extends CompletionStage<T>> supplier, long waitNanos) {
        DelayedCall<T> call = new DelayedCall<>(limiter, weight, supplier);
        Future<?> timer;
        try {
            timer = scheduler.schedule(call, Duration.ofNanos(waitNanos));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused); // never throw from callAsync
        }
        call.result.whenComplete((value, failure) -> {
            if (call.result.isCancelled()) {
                timer.cancel(false);
                CompletableFuture<T> stage = call.running;
                if (stage != null) {
                    stage.cancel(true);
                }
            }
        });
        return call.result;
    }

    /** The tokens exist now: start the supplier. */
    @Override
    public void run() {
        if (result.isDone()) {
            return; // cancelled during the wait
        }
        limiter.permitted(weight);
        CompletableFuture<T> stage = Futures.invoke(supplier);
        running = stage;
        // Pairs with the cancellation hook: one side sees the other's write, so a cancel is never missed.
        if (result.isCancelled()) {
            stage.cancel(true);
        }
        stage.whenComplete(this);
    }

    @Override
    public void accept(T value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(Futures.unwrap(failure));
        }
    }
}
