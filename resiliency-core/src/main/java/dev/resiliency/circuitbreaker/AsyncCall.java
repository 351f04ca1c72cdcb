package dev.resiliency.circuitbreaker;

import dev.resiliency.internal.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The async call of {@link CircuitBreaker#callAsync}. The permit records whichever comes first: the supplier's
 * stage completing (recorded, then the returned future completed, so a caller that joins sees the outcome in
 * the stats), or the returned future being completed from outside (cancelled = ignored; the supplier's stage
 * is then cancelled so no work is left running for a caller that is gone).
 */
final class AsyncCall {

    private AsyncCall() {
    }

    static <T> CompletableFuture<T> start(CircuitBreaker breaker, CallPermit permit,
            Supplier<? extends CompletionStage<T>> supplier) {
        Classifier classifier = breaker.classifier();
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<T> inner = Futures.invoke(supplier);
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                permit.record(Outcomes.IGNORE, failure);
            } else if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (permit.claim()) {
                    permit.recordClaimed(classifier.classify(cause), cause);
                }
            } else if (permit.claim()) {
                permit.recordClaimed(classifier.classifyResult(value), null);
            }
            if (!inner.isDone()) {
                inner.cancel(true);
            }
        });
        inner.whenComplete((value, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (permit.claim()) {
                    permit.recordClaimed(classifier.classify(cause), cause);
                }
                result.completeExceptionally(cause);
            } else {
                if (permit.claim()) {
                    permit.recordClaimed(classifier.classifyResult(value), null);
                }
                result.complete(value);
            }
        });
        return result;
    }
}
