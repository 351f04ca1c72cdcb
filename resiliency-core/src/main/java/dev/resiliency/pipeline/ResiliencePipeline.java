package dev.resiliency.pipeline;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.internal.Checks;
import dev.resiliency.internal.Futures;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Composes any subset of the primitives around a call, <b>always in the canonical order</b> of {@link Layer}
 * (outermost first), whatever order the builder methods were called in:
 *
 * <pre>
 * Fallback → CircuitBreaker → SingleFlight → RateLimiter → Bulkhead → WeightedSemaphore → Retry → Hedged → call
 * </pre>
 *
 * <pre>{@code
 * ResiliencePipeline pipeline = ResiliencePipeline.builder()
 *     .retry(retry)                    // order of these lines does not matter
 *     .circuitBreaker(breaker)
 *     .weightedSemaphore(semaphore, 2)
 *     .hedged(hedged)
 *     .build();
 * Product p = pipeline.call(sku, () -> client.fetch(sku));   // sku is the single-flight key
 * }</pre>
 *
 * <p>Each layer is one primitive instance, shared with whoever else uses it (its state, stats and events are the
 * primitive's). The pipeline itself is immutable and thread-safe. A call without a key uses one pipeline-wide key,
 * so concurrent calls of the pipeline share one flight when a {@link SingleFlight} is present.
 */
public final class ResiliencePipeline {

    private static final Object PIPELINE_KEY = new Object() {
        @Override
        public String toString() {
            return "<pipeline>";
        }
    };

    private final Stage head;
    private final List<Layer> layers;

    private ResiliencePipeline(List<Stage> stages, PipelineListener listener) {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).link(i + 1 < stages.size() ? stages.get(i + 1) : null, listener);
        }
        this.head = stages.isEmpty() ? null : stages.get(0);
        this.layers = stages.stream().map(Stage::layer).toList();
    }

    /** A new builder for a pipeline with no layer yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** The layers of this pipeline, outermost first (always in canonical order). */
    public List<Layer> layers() {
        return layers;
    }

    /** Runs {@code callable} through every layer; the single-flight key, if any, is pipeline-wide. */
    public <T> T call(Callable<T> callable) throws Exception {
        return call(PIPELINE_KEY, callable);
    }

    /**
     * Runs {@code callable} through every layer, with {@code key} as the single-flight key. The callable's own
     * exception reaches the caller unchanged (unless a fallback handles it).
     */
    @SuppressWarnings("unchecked")
    public <T> T call(Object key, Callable<T> callable) throws Exception {
        Checks.notNull(key, "key");
        Checks.notNull(callable, "callable");
        return head == null ? callable.call() : (T) head.enter(key, callable);
    }

    /** Non-blocking {@link #call(Callable)}: the supplier's stage runs through every layer's async path. */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        return callAsync(PIPELINE_KEY, supplier);
    }

    /** Non-blocking {@link #call(Object, Callable)}. Never blocks the caller thread. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> callAsync(Object key, Supplier<? extends CompletionStage<T>> supplier) {
        Checks.notNull(key, "key");
        Checks.notNull(supplier, "supplier");
        if (head == null) {
            return Futures.invoke(supplier);
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) head.enterAsync(key, supplier);
    }

    @Override
    public String toString() {
        return "ResiliencePipeline" + layers;
    }

    /**
     * Collects the layers of a pipeline. Each layer may be set at most once; {@link #build()} orders them
     * canonically. Every argument is checked at once (null → {@link NullPointerException}, bad weight or
     * duration → {@link IllegalArgumentException}).
     */
    public static final class Builder {

        // Factories, not stages: each build() links fresh stages, so a builder can build several pipelines.
        private final Map<Layer, Supplier<Stage>> stages = new EnumMap<>(Layer.class);
        private PipelineListener listener;

        private Builder() {
        }

        /** Degrades every failure (any {@link Exception}) to {@code fallback}'s result. */
        public Builder fallback(FallbackFunction fallback) {
            return fallback(e -> true, fallback);
        }

        /** Degrades the failures that {@code on} accepts to {@code fallback}'s result; others propagate. */
        public Builder fallback(Predicate<? super Throwable> on, FallbackFunction fallback) {
            Checks.notNull(on, "on");
            Checks.notNull(fallback, "fallback");
            return add(Layer.FALLBACK, () -> new Stages.FallbackStage(on, fallback));
        }

        public Builder circuitBreaker(CircuitBreaker breaker) {
            Checks.notNull(breaker, "circuitBreaker");
            return add(Layer.CIRCUIT_BREAKER, () -> new Stages.CircuitBreakerStage(breaker));
        }

        public Builder singleFlight(SingleFlight flight) {
            Checks.notNull(flight, "singleFlight");
            return add(Layer.SINGLE_FLIGHT, () -> new Stages.SingleFlightStage(flight));
        }

        /** Each call takes one token. */
        public Builder rateLimiter(RateLimiter limiter) {
            return rateLimiter(limiter, 1);
        }

        /** Each call takes {@code weight} tokens (1..burstSize). */
        public Builder rateLimiter(RateLimiter limiter, int weight) {
            Checks.notNull(limiter, "rateLimiter");
            Checks.positive(weight, "rateLimiter weight");
            if (weight > limiter.burstSize()) {
                throw new IllegalArgumentException("rateLimiter weight must be <= burstSize " + limiter.burstSize()
                        + " of rate limiter '" + limiter.name() + "', got: " + weight);
            }
            return add(Layer.RATE_LIMITER, () -> new Stages.RateLimiterStage(limiter, weight));
        }

        /** Uses the bulkhead's configured max wait. */
        public Builder bulkhead(Bulkhead bulkhead) {
            Checks.notNull(bulkhead, "bulkhead");
            return add(Layer.BULKHEAD, () -> new Stages.BulkheadStage(bulkhead, null));
        }

        /** Overrides the bulkhead's max wait for calls of this pipeline. */
        public Builder bulkhead(Bulkhead bulkhead, Duration maxWait) {
            Checks.notNull(bulkhead, "bulkhead");
            Checks.nonNegative(maxWait, "bulkhead maxWait");
            return add(Layer.BULKHEAD, () -> new Stages.BulkheadStage(bulkhead, maxWait));
        }

        /** Holds {@code weight} permits (1..max) for the inner layers; waits without limit. */
        public Builder weightedSemaphore(WeightedSemaphore semaphore, int weight) {
            checkWeight(semaphore, weight);
            return add(Layer.WEIGHTED_SEMAPHORE, () -> new Stages.WeightedSemaphoreStage(semaphore, weight, null));
        }

        /**
         * Holds {@code weight} permits (1..max); waits at most {@code timeout} for them ({@code >= 0}; zero takes
         * them only if they are free now, as {@link WeightedSemaphore#acquire(int, Callable, Duration)} does).
         */
        public Builder weightedSemaphore(WeightedSemaphore semaphore, int weight, Duration timeout) {
            checkWeight(semaphore, weight);
            Checks.nonNegative(timeout, "weightedSemaphore timeout");
            return add(Layer.WEIGHTED_SEMAPHORE, () -> new Stages.WeightedSemaphoreStage(semaphore, weight, timeout));
        }

        public Builder retry(BackoffRetry retry) {
            Checks.notNull(retry, "retry");
            return add(Layer.RETRY, () -> new Stages.RetryStage(retry));
        }

        public Builder hedged(Hedged hedged) {
            Checks.notNull(hedged, "hedged");
            return add(Layer.HEDGED, () -> new Stages.HedgedStage(hedged));
        }

        /** Tells {@code listener} each time a call enters a layer (tracing, diagnostics). None by default. */
        public Builder listener(PipelineListener listener) {
            this.listener = Checks.notNull(listener, "listener");
            return this;
        }

        /** Builds the pipeline with its layers in canonical order. A pipeline with no layer just runs the call. */
        public ResiliencePipeline build() {
            // EnumMap iterates in declaration order of Layer, which is the canonical order.
            List<Stage> ordered = new ArrayList<>(stages.size());
            stages.values().forEach(factory -> ordered.add(factory.get()));
            return new ResiliencePipeline(ordered, listener);
        }

        private static WeightedSemaphore checkWeight(WeightedSemaphore semaphore, int weight) {
            Checks.notNull(semaphore, "weightedSemaphore");
            if (weight < 1 || weight > semaphore.max()) {
                throw new IllegalArgumentException("weightedSemaphore weight must be between 1 and max "
                        + semaphore.max() + " of semaphore '" + semaphore.name() + "', got: " + weight);
            }
            return semaphore;
        }

        private Builder add(Layer layer, Supplier<Stage> factory) {
            if (stages.putIfAbsent(layer, factory) != null) {
                throw new IllegalStateException("the pipeline already has a " + layer + " layer");
            }
            return this;
        }
    }
}
