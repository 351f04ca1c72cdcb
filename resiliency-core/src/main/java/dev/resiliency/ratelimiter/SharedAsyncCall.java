package dev.resiliency.ratelimiter;

import dev.resiliency.internal.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * An async call whose tokens come from a shared bucket: the reservation (I/O) completes off the caller's thread,
 * then the call is admitted as a local one would be. Cancelling the returned future cancels whichever part is
 * pending; tokens already reserved stay spent, as for a local rate limiter.
 */
final class SharedAsyncCall {

    private SharedAsyncCall() {
    }

    static <T> CompletableFuture<T> start(CompletableFuture<Long> reservation, LongFunction<CompletableFuture<T>> admit) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> admitted = new AtomicReference<>();
        reservation.whenComplete((wait, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            if (result.isDone()) {
                return; // cancelled while reserving
            }
            CompletableFuture<T> call = admit.apply(wait);
            admitted.set(call);
            // Pairs with the cancellation hook below: whichever runs second sees the other's write.
            if (result.isCancelled()) {
                call.cancel(true);
            }
            call.whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(Futures.unwrap(error));
                }
            });
        });
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                reservation.cancel(false);
                CompletableFuture<T> call = admitted.get();
                if (call != null) {
                    call.cancel(true);
                }
            }
        });
        return result;
    }
}
