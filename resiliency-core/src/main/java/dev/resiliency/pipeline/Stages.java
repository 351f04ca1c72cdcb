package dev.resiliency.pipeline;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.internal.Futures;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The stage of each layer: a thin adapter from the chain to the primitive's own {@code call}/{@code callAsync}. */
final class Stages {

    private Stages() {
    }

    static final class FallbackStage extends Stage {
        private final Predicate<? super Throwable> on;
        private final FallbackFunction fallback;

        FallbackStage(Predicate<? super Throwable> on, FallbackFunction fallback) {
            super(Layer.FALLBACK);
            this.on = on;
            this.fallback = fallback;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            try {
                return proceed(key, target);
            } catch (Exception e) {
                if (on.test(e)) {
                    return fallback.apply(e);
                }
                throw e;
            }
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            return proceedAsync(key, target).exceptionallyCompose(failure -> {
                Throwable error = Futures.unwrap(failure);
                if (!(error instanceof Exception) || !on.test(error)) {
                    return CompletableFuture.failedFuture(error);
                }
                try {
                    Object value = fallback.apply(error);
                    if (value instanceof CompletionStage<?> stage) {
                        return stage.thenApply(v -> (Object) v);
                    }
                    return CompletableFuture.completedFuture(value);
                } catch (Throwable e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
        }
    }

    static final class CircuitBreakerStage extends Stage {
        private final CircuitBreaker breaker;

        CircuitBreakerStage(CircuitBreaker breaker) {
            super(Layer.CIRCUIT_BREAKER);
            this.breaker = breaker;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            return breaker.call(() -> proceed(key, target));
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            return breaker.callAsync(() -> proceedAsync(key, target));
        }
    }

    static final class SingleFlightStage extends Stage {
        private final SingleFlight flight;

        SingleFlightStage(SingleFlight flight) {
            super(Layer.SINGLE_FLIGHT);
            this.flight = flight;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            return flight.call(key, () -> proceed(key, target));
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            return flight.callAsync(key, () -> proceedAsync(key, target));
        }
    }

    static final class RateLimiterStage extends Stage {
        private final RateLimiter limiter;
        private final int weight;

        RateLimiterStage(RateLimiter limiter, int weight) {
            super(Layer.RATE_LIMITER);
            this.limiter = limiter;
            this.weight = weight;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            return limiter.call(weight, () -> proceed(key, target));
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            return limiter.callAsync(weight, () -> proceedAsync(key, target));
        }
    }

    static final class BulkheadStage extends Stage {
        private final Bulkhead bulkhead;
        private final Duration maxWait;

        BulkheadStage(Bulkhead bulkhead, Duration maxWait) {
            super(Layer.BULKHEAD);
            this.bulkhead = bulkhead;
            this.maxWait = maxWait;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            Callable<Object> inner = () -> proceed(key, target);
            return maxWait == null ? bulkhead.call(inner) : bulkhead.call(inner, maxWait);
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            Supplier<CompletableFuture<Object>> inner = () -> proceedAsync(key, target);
            return maxWait == null ? bulkhead.callAsync(inner) : bulkhead.callAsync(inner, maxWait);
        }
    }

    static final class WeightedSemaphoreStage extends Stage {
        private final WeightedSemaphore semaphore;
        private final int weight;
        private final Duration timeout;

        WeightedSemaphoreStage(WeightedSemaphore semaphore, int weight, Duration timeout) {
            super(Layer.WEIGHTED_SEMAPHORE);
            this.semaphore = semaphore;
            this.weight = weight;
            this.timeout = timeout;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            Callable<Object> inner = () -> proceed(key, target);
            return timeout == null ? semaphore.acquire(weight, inner) : semaphore.acquire(weight, inner, timeout);
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            Supplier<CompletableFuture<Object>> inner = () -> proceedAsync(key, target);
            return timeout == null ? semaphore.acquireAsync(weight, inner) : semaphore.acquireAsync(weight, inner, timeout);
        }
    }

    static final class RetryStage extends Stage {
        private final BackoffRetry retry;

        RetryStage(BackoffRetry retry) {
            super(Layer.RETRY);
            this.retry = retry;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            return retry.call(() -> proceed(key, target));
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            return retry.callAsync(() -> proceedAsync(key, target));
        }
    }

    static final class HedgedStage extends Stage {
        private final Hedged hedged;

        HedgedStage(Hedged hedged) {
            super(Layer.HEDGED);
            this.hedged = hedged;
        }

        @Override
        Object call(Object key, Callable<?> target) throws Exception {
            return hedged.call(() -> proceed(key, target));
        }

        @Override
        CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
            return hedged.callAsync(() -> proceedAsync(key, target));
        }
    }
}
